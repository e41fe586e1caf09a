package io.groupmailbox.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import io.groupmailbox.identity.HeaderTricks.Message;

/**
 * The one property of the sender policy, over messages that compose header tricks at random ({@link HeaderTricks}):
 * submission never accepts a message whose envelope or identity fields name an address outside alice's grants,
 * and the MX port never lets a message through whose envelope or identity fields name a local address. jqwik
 * prints the seed of a failing run; {@code @Property(seed = "…")} replays it.
 *
 * <p>{@code mvn verify} runs a fixed sample ({@link #SEED}), so that a build's result does not depend on chance; to
 * hunt for new cases, run with another seed (or none), and keep each finding as an example test of the parser.
 */
class SenderPolicyGenerativeTest {

    static final int TRIES = 5000;
    static final String SEED = "20261204";

    @Provide
    Arbitrary<Message> submissions() {
        return HeaderTricks.messages(HeaderTricks.alicesAddresses());
    }

    @Provide
    Arbitrary<Message> fromTheInternet() {
        return HeaderTricks.messages(HeaderTricks.internetAddresses());
    }

    @Property(tries = TRIES, seed = SEED, edgeCases = EdgeCasesMode.NONE)
    void submissionNeverAcceptsAnAddressOutsideTheGrants(@ForAll("submissions") Message message) {
        Optional<SubmissionDecision> decision = HeaderTricks.submission(message);
        boolean accepted = decision.filter(SubmissionDecision::accepted).isPresent();

        Statistics.label("submission").collect(decision.map(d -> d.getClass().getSimpleName()).orElse("envelope refused by James"));
        decision.filter(Malformed.class::isInstance).ifPresent(d -> Statistics.label("why").collect(d.reason().replaceAll("[\"'(].*", "").replaceAll("[^ ]*@[^ ]*", "@")));
        Statistics.label("ground truth").collect(message.namesForbidden() ? "names a forbidden address" : "names only granted addresses");
        Statistics.label("submission").coverage(checker -> checker.check("Accepted").percentage(p -> p > 10));
        if (accepted) {
            assertThat(message.namesForbidden()).as("accepted on submission although it names an address outside the grants: %s",
                message).isFalse();
        }
    }

    @Property(tries = TRIES, seed = SEED, edgeCases = EdgeCasesMode.NONE)
    void theMxPortNeverLetsALocalAddressThrough(@ForAll("fromTheInternet") Message message) {
        Optional<LocalSenderClaim> claim = HeaderTricks.mxLocalClaim(message);

        Statistics.label("mx").collect(claim.isEmpty() ? "accepted" : "claims a local sender");
        Statistics.label("mx").coverage(checker -> checker.check("accepted").percentage(p -> p > 10));
        if (claim.isEmpty()) {
            assertThat(message.namesLocal()).as("accepted on the MX port although it names a local address: %s", message)
                .isFalse();
        }
    }
}
