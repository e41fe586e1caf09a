package io.groupmailbox.webadmin;

import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.groupmailbox.identity.NormalizedAddress;
import io.groupmailbox.identity.external.ExternalAccountRegistration;
import io.groupmailbox.identity.external.ExternalAccounts;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * A user's external accounts: addresses outside this server they may send as once confirmed.
 *
 * <pre>
 * GET    /users/{user}/externalAccounts                      [{"address":"alice@gmail.com","status":"confirmed",...}]
 * PUT    /users/{user}/externalAccounts/{address}            {"confirmed":true} when an admin vouches for it (200);
 *                                                            no body: a one-time code is mailed to the address (202, pending)
 * POST   /users/{user}/externalAccounts/{address}/confirm    {"code":"12345678"}: 200 confirmed, 400 wrong/expired code
 * DELETE /users/{user}/externalAccounts/{address}            204
 * </pre>
 * 404 for an unknown user or account; 400 with a JSON message for a bad address, a local domain or a bad body;
 * 409 when confirming an account already confirmed.
 */
public class ExternalAccountRoutes implements Routes {

    private static final String BASE = "/users/:user/externalAccounts";
    private static final ObjectMapper MAPPER = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private final ExternalAccounts accounts;
    private final UsersRepository users;
    private final JsonTransformer json = new JsonTransformer();

    @Inject
    public ExternalAccountRoutes(ExternalAccounts accounts, UsersRepository users) {
        this.accounts = accounts;
        this.users = users;
    }

    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record Account(String address, String status, String registeredAt, Optional<String> codeExpiresAt) {

        static Account of(ExternalAccountRegistration registration) {
            return new Account(registration.address().asString(), registration.confirmed() ? "confirmed" : "pending",
                registration.registeredAt().toString(), registration.codeExpiry().map(Object::toString));
        }
    }

    record Registration(Boolean confirmed) {
    }

    record Code(String code) {
    }

    @Override
    public String getBasePath() {
        return "/users";
    }

    @Override
    public void define(Service service) {
        service.get(BASE, (request, response) -> {
            response.type("application/json");
            return accounts.listOf(user(request)).stream().map(Account::of).toList();
        }, json);
        service.put(BASE + "/:address", this::register, json);
        service.post(BASE + "/:address/confirm", this::confirm, json);
        service.delete(BASE + "/:address", (request, response) -> {
            accounts.remove(user(request), address(request));
            response.status(HttpStatus.NO_CONTENT_204);
            return "";
        });
    }

    private Object register(Request request, Response response) throws UsersRepositoryException, MessagingException {
        Username user = user(request);
        NormalizedAddress address = address(request);
        boolean vouched = body(request, Registration.class)
            .map(Registration::confirmed)
            .orElse(false);
        ExternalAccountRegistration registration;
        try {
            registration = accounts.register(user, address, vouched);
        } catch (IllegalArgumentException e) {
            throw WebAdminErrors.badRequest(e.getMessage());
        }
        response.status(registration.confirmed() ? HttpStatus.OK_200 : HttpStatus.ACCEPTED_202);
        response.type("application/json");
        return Account.of(registration);
    }

    private Object confirm(Request request, Response response) throws UsersRepositoryException {
        Username user = user(request);
        NormalizedAddress address = address(request);
        String code = body(request, Code.class)
            .map(Code::code)
            .filter(value -> !value.isBlank())
            .orElseThrow(() -> WebAdminErrors.badRequest("the body must be {\"code\":\"…\"}"));
        ExternalAccounts.Confirmation result = accounts.confirm(user, address, code);
        switch (result) {
            case CONFIRMED -> {
                response.type("application/json");
                return accounts.listOf(user).stream()
                    .filter(account -> account.address().equals(address))
                    .map(Account::of)
                    .findFirst()
                    .orElseThrow(() -> WebAdminErrors.notFound("the account was removed meanwhile"));
            }
            case UNKNOWN -> throw WebAdminErrors.notFound(address.asString() + " is not an external account of " + user.asString());
            case ALREADY_CONFIRMED -> throw WebAdminErrors.conflict(address.asString() + " is already confirmed");
            default -> throw WebAdminErrors.badRequest(result.reason());
        }
    }

    private static <T> Optional<T> body(Request request, Class<T> type) {
        String body = request.body();
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.readValue(body, type));
        } catch (JsonProcessingException e) {
            throw WebAdminErrors.badRequest("invalid JSON body: " + e.getOriginalMessage());
        }
    }

    private Username user(Request request) throws UsersRepositoryException {
        return RouteParameters.existingUser(users, request.params("user"));
    }

    private static NormalizedAddress address(Request request) {
        return RouteParameters.address(request.params("address"));
    }
}
