package io.groupmailbox.webadmin;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.rrt.api.AliasReverseResolver;
import org.apache.james.user.api.DelegationStore;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;

import io.groupmailbox.group.GroupRepository;
import io.groupmailbox.identity.AddressNormalizer;
import io.groupmailbox.identity.NormalizedAddress;
import io.groupmailbox.identity.PolicyOptions;
import io.groupmailbox.identity.SenderDecision;
import io.groupmailbox.identity.external.ExternalAccountStore;
import io.groupmailbox.identity.james.SenderGrants;
import reactor.core.publisher.Flux;
import spark.Request;
import spark.Service;

/**
 * "May alice send as X, and why?" — the same decision as at SMTP ({@link SenderGrants} and the pure policy).
 *
 * <pre>
 * GET /users/{user}/allowedFromAddresses            [{"address":"a.lice@example.fr","source":"alias","mode":"send-as"}, ...]
 * GET /users/{user}/allowedFromAddresses/{address}  {"allowed":false,"source":"group","reason":"..."}
 * </pre>
 * 200 whether allowed or not; 404 for an unknown user; 400 for an address that is not a plain mailbox.
 * James's own {@code GET /users/{user}/allowedFromHeaders} only knows aliases; these routes know every source.
 */
public class SenderIdentityRoutes implements Routes {

    private static final String BASE = "/users/:user/allowedFromAddresses";

    private final SenderGrants grants;
    private final UsersRepository users;
    private final AliasReverseResolver aliases;
    private final GroupRepository groups;
    private final DelegationStore delegations;
    private final ExternalAccountStore externalAccounts;
    private final JsonTransformer json = new JsonTransformer();
    private final PolicyOptions options = PolicyOptions.defaults();

    @Inject
    public SenderIdentityRoutes(SenderGrants grants, UsersRepository users, AliasReverseResolver aliases,
                                GroupRepository groups, DelegationStore delegations,
                                ExternalAccountStore externalAccounts) {
        this.grants = grants;
        this.users = users;
        this.aliases = aliases;
        this.groups = groups;
        this.delegations = delegations;
        this.externalAccounts = externalAccounts;
    }

    public record Allowed(String address, String source, String mode) {
    }

    public record Explanation(boolean allowed, String source, Optional<String> mode, String reason) {
    }

    @Override
    public String getBasePath() {
        return "/users";
    }

    @Override
    public void define(Service service) {
        service.get(BASE, (request, response) -> {
            response.type("application/json");
            return list(user(request));
        }, json);
        service.get(BASE + "/:address", (request, response) -> {
            Username user = user(request);
            NormalizedAddress address = RouteParameters.claimedAddress(request.params("address"));
            SenderDecision decision = grants.policyFor(user, List.of(address), options).decide(user, address);
            response.type("application/json");
            return new Explanation(decision.allowed(), decision.source().asString(),
                decision.mode().map(mode -> mode.asString()), decision.reason());
        }, json);
    }

    private List<Allowed> list(Username user) throws Exception {
        Set<NormalizedAddress> candidates = new LinkedHashSet<>();
        aliases.listAddresses(user).forEach(address -> AddressNormalizer.normalize(address.asString()).ifPresent(candidates::add));
        groups.groupsOf(user)
            .forEach(group -> AddressNormalizer.normalize(group.address()).ifPresent(candidates::add));
        Flux.from(delegations.delegatedUsers(user)).collectList().block()
            .forEach(owner -> AddressNormalizer.normalize(owner).ifPresent(candidates::add));
        externalAccounts.listOf(user).forEach(account -> candidates.add(account.address()));
        var policy = grants.policyFor(user, candidates, options);
        List<Allowed> allowed = new ArrayList<>();
        for (NormalizedAddress candidate : candidates) {
            SenderDecision decision = policy.decide(user, candidate);
            if (decision.allowed()) {
                allowed.add(new Allowed(candidate.asString(), decision.source().asString(),
                    decision.mode().map(mode -> mode.asString()).orElse(null)));
            }
        }
        return allowed;
    }

    private Username user(Request request) throws UsersRepositoryException {
        return RouteParameters.existingUser(users, request.params("user"));
    }
}
