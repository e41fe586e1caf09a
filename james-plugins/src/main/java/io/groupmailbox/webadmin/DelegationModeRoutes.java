package io.groupmailbox.webadmin;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.user.api.DelegationStore;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.groupmailbox.identity.SenderMode;
import io.groupmailbox.identity.delegation.DelegationModeStore;
import reactor.core.publisher.Flux;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * How a delegatee sends as the owner, beside James's {@code /users/{owner}/authorizedUsers/{delegatee}}:
 *
 * <pre>
 * GET    /users/{owner}/authorizedUsers/{delegatee}/senderMode   {"mode":"send-on-behalf","default":true}
 * PUT    /users/{owner}/authorizedUsers/{delegatee}/senderMode   {"mode":"send-as"}   204
 * DELETE /users/{owner}/authorizedUsers/{delegatee}/senderMode   back to send-on-behalf, 204
 * </pre>
 * 404 when the owner is unknown or has not delegated to the delegatee; 400 for a bad body.
 * In the embedded server, removing the delegation (James's route) also forgets its mode.
 */
public class DelegationModeRoutes implements Routes {

    private static final String PATH = "/users/:owner/authorizedUsers/:delegatee/senderMode";
    private static final ObjectMapper MAPPER = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private final DelegationModeStore modes;
    private final DelegationStore delegations;
    private final UsersRepository users;
    private final JsonTransformer json = new JsonTransformer();

    @Inject
    public DelegationModeRoutes(DelegationModeStore modes, DelegationStore delegations, UsersRepository users) {
        this.modes = modes;
        this.delegations = delegations;
        this.users = users;
    }

    @JsonPropertyOrder({"mode", "default"})
    public record Mode(String mode, @JsonProperty("default") boolean byDefault) {
    }

    record ModeBody(String mode) {
    }

    @Override
    public String getBasePath() {
        return "/users";
    }

    @Override
    public void define(Service service) {
        service.get(PATH, (request, response) -> {
            Delegation delegation = delegation(request);
            Optional<SenderMode> chosen = modes.modeOf(delegation.owner(), delegation.delegatee());
            response.type("application/json");
            return new Mode(chosen.orElse(DelegationModeStore.DEFAULT).asString(), chosen.isEmpty());
        }, json);
        service.put(PATH, this::put);
        service.delete(PATH, (request, response) -> {
            Delegation delegation = delegation(request);
            modes.reset(delegation.owner(), delegation.delegatee());
            response.status(HttpStatus.NO_CONTENT_204);
            return "";
        });
    }

    private Object put(Request request, Response response) throws UsersRepositoryException {
        Delegation delegation = delegation(request);
        ModeBody body;
        try {
            body = MAPPER.readValue(Optional.ofNullable(request.body()).orElse(""), ModeBody.class);
        } catch (JsonProcessingException e) {
            throw WebAdminErrors.badRequest("the body must be {\"mode\":\"send-as\"} or {\"mode\":\"send-on-behalf\"}");
        }
        SenderMode mode = Optional.ofNullable(body.mode()).flatMap(SenderMode::fromString)
            .orElseThrow(() -> WebAdminErrors.badRequest("mode must be send-as or send-on-behalf, not '" + body.mode() + "'"));
        modes.set(delegation.owner(), delegation.delegatee(), mode);
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private record Delegation(Username owner, Username delegatee) {
    }

    private Delegation delegation(Request request) throws UsersRepositoryException {
        Username owner = RouteParameters.existingUser(users, request.params("owner"));
        Username delegatee = Username.of(request.params("delegatee"));
        boolean delegated = Boolean.TRUE.equals(Flux.from(delegations.authorizedUsers(owner))
            .any(delegatee::equals)
            .block());
        if (!delegated) {
            throw WebAdminErrors.notFound(owner.asString() + " has not delegated to " + delegatee.asString());
        }
        return new Delegation(owner, delegatee);
    }
}
