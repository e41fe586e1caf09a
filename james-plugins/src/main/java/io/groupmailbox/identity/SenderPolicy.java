package io.groupmailbox.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.Username;

/**
 * The one decision function for "may this user send as this address, and why (not)?", pure over a
 * {@link SenderIdentityIndex}. The sources are tried in this order and the first that allows wins:
 * <ol>
 *   <li>{@link Source#OWN}: the user's own address (from the username);</li>
 *   <li>{@link Source#ALIAS}: an alias of the user;</li>
 *   <li>{@link Source#DOMAIN_ALIAS}: the own address or an alias with its domain replaced by one of that
 *       domain's aliases ({@code alice@example.com} when example.com is an alias of example.fr);</li>
 *   <li>with {@link PolicyOptions#subAddressing()}: a sub-address ({@code alice+tag@…}) of any of those;</li>
 *   <li>{@link Source#EXTERNAL}: a confirmed external account of the user;</li>
 *   <li>{@link Source#GROUP}: a group the user is a member of, when the group lets members send and the
 *       member's role may send; in the group's mode;</li>
 *   <li>{@link Source#DELEGATION}: an account whose owner delegated sending to the user; in its mode.</li>
 * </ol>
 * The derived forms (domain alias, sub-address) never apply to an address that is itself another
 * account's, another user's alias, or a group: {@code alice+bob@…} stays bob's if bob's account is named so.
 * Domain aliases and sub-addresses apply to own addresses only, not to groups, external accounts or
 * delegations. A refusal names the nearest grant (an unconfirmed external account, a group that does not
 * let this member send) or says that there is none.
 *
 * <p>{@code Sender:} on behalf (checklist cases 6 and 7): a {@code Sender:} the client wrote is checked like
 * {@code From:} (case 22), so {@code From: boss} with {@code Sender: mallory} is refused. When a claim is
 * allowed in {@link SenderMode#SEND_ON_BEHALF} mode, this function only reports it
 * ({@link SubmissionDecision.Accepted#onBehalfClaims()}); the caller writes {@code Sender:} with the user's
 * own address, overwriting any the client wrote.
 */
public final class SenderPolicy {

    private final SenderIdentityIndex index;
    private final PolicyOptions options;

    public SenderPolicy(SenderIdentityIndex index, PolicyOptions options) {
        this.index = Objects.requireNonNull(index, "index");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** May {@code user} claim {@code claimed} as author or sender? */
    public SenderDecision decide(Username user, NormalizedAddress claimed) {
        return index.read(() -> decideNow(user, claimed));
    }

    /**
     * Decides every claim of a submission in one consistent state of the index: the envelope sender
     * first ({@code Optional.empty()} is the null sender {@code <>}, refused on submission, case 25), then
     * every mailbox of every identity header field in message order (cases 8, 9, 11, 22, 23).
     *
     * @return {@link SubmissionDecision.Refused} for the first refused claim, else
     *         {@link SubmissionDecision.Accepted} with every claim's decision
     */
    public SubmissionDecision decide(Username user, Optional<NormalizedAddress> envelopeSender,
                                     ClaimedIdentities identities) {
        return index.read(() -> {
            List<CheckedClaim> claims = new ArrayList<>();
            claims.add(new CheckedClaim(IdentityField.MAIL_FROM, envelopeSender, envelopeSender
                .map(address -> decideNow(user, address))
                .orElseGet(() -> SenderDecision.refuse(Source.NONE,
                    "the null sender <> may not be used to submit a message"))));
            for (ClaimedIdentity identity : identities.identities()) {
                for (NormalizedAddress address : identity.addresses()) {
                    claims.add(new CheckedClaim(identity.field(), Optional.of(address), decideNow(user, address)));
                }
            }
            return claims.stream()
                .filter(claim -> !claim.decision().allowed())
                .findFirst()
                .<SubmissionDecision>map(SubmissionDecision.Refused::new)
                .orElseGet(() -> new SubmissionDecision.Accepted(claims));
        });
    }

    /** As above, taking the parser's result as is: a malformed or too large header section is the decision. */
    public SubmissionDecision decide(Username user, Optional<NormalizedAddress> envelopeSender,
                                     HeaderParseResult headers) {
        if (headers instanceof Malformed malformed) {
            return malformed;
        }
        if (headers instanceof HeaderTooLarge tooLarge) {
            return tooLarge;
        }
        return decide(user, envelopeSender, (ClaimedIdentities) headers);
    }

    private SenderDecision decideNow(Username user, NormalizedAddress claimed) {
        Optional<NormalizedAddress> own = index.ownAddress(user);
        String who = own.map(NormalizedAddress::asString).orElse(user.asString());

        Optional<SenderDecision> ownDecision = ownAddress(user, own, who, claimed);
        if (ownDecision.isPresent()) {
            return ownDecision.get();
        }
        if (options.subAddressing() && !index.isKnownAddressOfAnother(user, claimed)) {
            Optional<SenderDecision> subAddress = claimed.subAddressBase()
                .flatMap(base -> ownAddress(user, own, who, base)
                    .map(decision -> SenderDecision.allow(decision.source(), SenderMode.SEND_AS,
                        claimed + " is a sub-address of " + base + ", and " + decision.reason())));
            if (subAddress.isPresent()) {
                return subAddress.get();
            }
        }

        List<SenderDecision> nearMisses = new ArrayList<>();
        if (index.isAlias(user, claimed)) {
            nearMisses.add(SenderDecision.refuse(Source.ALIAS, claimed + " is an alias of " + who
                + ", but also the address of another account, whose address is its own"));
        }
        for (Optional<SenderDecision> decision : List.of(
            externalAccount(user, who, claimed), group(user, who, claimed), delegation(user, who, claimed))) {
            if (decision.isPresent() && decision.get().allowed()) {
                return decision.get();
            }
            decision.ifPresent(nearMisses::add);
        }
        return nearMisses.stream().findFirst().orElseGet(() -> SenderDecision.refuse(Source.NONE,
            claimed + " is none of the own addresses, aliases, confirmed external accounts, sending groups"
                + " or delegations of " + who));
    }

    private Optional<SenderDecision> ownAddress(Username user, Optional<NormalizedAddress> own, String who,
                                                NormalizedAddress candidate) {
        if (own.filter(candidate::equals).isPresent()) {
            return Optional.of(SenderDecision.allow(Source.OWN, SenderMode.SEND_AS,
                candidate + " is the own address of " + who));
        }
        // An account created later with an alias's address takes it: the alias is then no grant (see decideNow).
        if (index.isAlias(user, candidate) && !index.isAccountOfAnother(user, candidate)) {
            return Optional.of(SenderDecision.allow(Source.ALIAS, SenderMode.SEND_AS,
                candidate + " is an alias of " + who));
        }
        if (index.isKnownAddressOfAnother(user, candidate)) {
            return Optional.empty();
        }
        return index.domainAliasTarget(candidate.domain()).flatMap(target -> {
            NormalizedAddress inTarget = candidate.withDomain(target);
            String domainAlias = candidate + " is in " + candidate.domain() + ", a domain alias of " + target
                + ", and " + inTarget;
            if (own.filter(inTarget::equals).isPresent()) {
                return Optional.of(SenderDecision.allow(Source.DOMAIN_ALIAS, SenderMode.SEND_AS,
                    domainAlias + " is the own address of " + who));
            }
            if (index.isAlias(user, inTarget) && !index.isAccountOfAnother(user, inTarget)) {
                return Optional.of(SenderDecision.allow(Source.DOMAIN_ALIAS, SenderMode.SEND_AS,
                    domainAlias + " is an alias of " + who));
            }
            return Optional.empty();
        });
    }

    private Optional<SenderDecision> externalAccount(Username user, String who, NormalizedAddress claimed) {
        return index.externalAccount(claimed, user).map(account -> index.isServed(claimed.domain())
            ? SenderDecision.refuse(Source.EXTERNAL, claimed + " was registered as an external account of " + who
                + ", but " + claimed.domain() + " is now a domain this server serves, where addresses are granted by"
                + " an alias, a group or a delegation, not as external accounts")
            : account.confirmed()
            ? SenderDecision.allow(Source.EXTERNAL, SenderMode.SEND_AS,
                claimed + " is a confirmed external account of " + who)
            : SenderDecision.refuse(Source.EXTERNAL,
                claimed + " is an external account of " + who + " that is not confirmed yet"));
    }

    private Optional<SenderDecision> group(Username user, String who, NormalizedAddress claimed) {
        return index.groupSettings(claimed).map(settings -> {
            Optional<Boolean> memberMaySend = index.memberMaySend(claimed, user);
            if (memberMaySend.isEmpty()) {
                return SenderDecision.refuse(Source.GROUP, claimed + " is a group of which " + who + " is not a member");
            }
            if (!settings.membersMaySend()) {
                return SenderDecision.refuse(Source.GROUP, claimed + " is a group of which " + who
                    + " is a member, but its members may not send as it");
            }
            if (!memberMaySend.get()) {
                return SenderDecision.refuse(Source.GROUP, claimed + " is a group of which " + who
                    + " is a member whose role may not send as it");
            }
            return SenderDecision.allow(Source.GROUP, settings.mode(), claimed + " is a group of which " + who
                + " is a member, and its members may send as it (" + settings.mode().asString() + ")");
        });
    }

    private Optional<SenderDecision> delegation(Username user, String who, NormalizedAddress claimed) {
        return index.delegation(claimed, user).map(delegation -> SenderDecision.allow(Source.DELEGATION,
            delegation.mode(), claimed + " delegated sending to " + who + " (" + delegation.mode().asString() + ")"));
    }
}
