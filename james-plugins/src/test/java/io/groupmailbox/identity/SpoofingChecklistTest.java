package io.groupmailbox.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.groupmailbox.identity.SpoofingChecklistFixture.Case;
import io.groupmailbox.identity.SpoofingChecklistFixture.Expected;

/**
 * Every case of {@code spoofing-checklist.md} that needs no SMTP server, run through the parser and the
 * policy exactly as a submission hook will: parse the header section, then decide envelope and headers.
 */
class SpoofingChecklistTest {

    static Stream<Case> casesDecidableWithoutSmtp() {
        return SpoofingChecklistFixture.cases().stream().filter(Case::decidableWithoutSmtp);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("casesDecidableWithoutSmtp")
    void submissionGetsTheChecklistVerdict(Case checklistCase) {
        SubmissionDecision decision = submit(checklistCase);
        Expected expected = checklistCase.expected();

        switch (expected.verdict()) {
            case ACCEPT -> {
                assertThat(decision).as(decision.reason()).isInstanceOf(SubmissionDecision.Accepted.class);
                SubmissionDecision.Accepted accepted = (SubmissionDecision.Accepted) decision;
                CheckedClaim from = accepted.claims().stream()
                    .filter(claim -> claim.field() == IdentityField.FROM)
                    .findFirst().orElseThrow();
                assertThat(from.decision().source()).isEqualTo(expected.source().orElseThrow());
                assertThat(from.decision().mode()).isEqualTo(expected.mode());
                assertThat(accepted.onBehalfClaims().contains(from))
                    .isEqualTo(expected.mode().orElseThrow() == SenderMode.SEND_ON_BEHALF);
            }
            case REFUSE -> {
                assertThat(decision).as(decision.reason()).isInstanceOf(SubmissionDecision.Refused.class);
                SubmissionDecision.Refused refused = (SubmissionDecision.Refused) decision;
                assertThat(refused.claim().decision().source()).isEqualTo(expected.source().orElseThrow());
                assertThat(refused.claim().decision().mode()).isEmpty();
            }
            case MALFORMED -> assertThat(decision).as(decision.reason()).isInstanceOf(Malformed.class);
            default -> throw new AssertionError("unknown verdict " + expected.verdict());
        }
        expected.reasonMentions().forEach(mention -> assertThat(decision.reason()).contains(mention));
        assertThat(decision.reason()).doesNotContain("\r", "\n");
    }

    @Test
    void supportMembershipRemovedMidSessionRefusesTheNextMessageButNotThePrevious() {
        Case removal = SpoofingChecklistFixture.cases().stream().filter(c -> c.id().equals("27")).findFirst().orElseThrow();
        SenderIdentityIndex index = SpoofingChecklistFixture.index();
        SenderPolicy policy = new SenderPolicy(index, PolicyOptions.defaults());

        SenderDecision before = policy.decide(SpoofingChecklistFixture.ALICE, SpoofingChecklistFixture.SUPPORT);
        removal.changes().forEach(change -> change.applyTo(index));
        SenderDecision after = policy.decide(SpoofingChecklistFixture.ALICE, SpoofingChecklistFixture.SUPPORT);

        assertThat(before.allowed()).isTrue();
        assertThat(after.allowed()).isFalse();
        assertThat(after.reason()).isEqualTo("support@example.fr is a group of which alice@example.fr is not a member");
    }

    @Test
    void everyChecklistRowHasAtLeastOneCase() {
        assertThat(SpoofingChecklistFixture.coveredNumbers())
            .isEqualTo(IntStream.rangeClosed(1, 28).boxed().toList());
    }

    @Test
    void onlyTheUnauthenticatedPort25CaseNeedsAnSmtpServer() {
        assertThat(SpoofingChecklistFixture.cases().stream().filter(c -> !c.decidableWithoutSmtp()).map(Case::id))
            .containsExactly("28");
    }

    @Test
    void caseIdsAreUnique() {
        List<String> ids = SpoofingChecklistFixture.cases().stream().map(Case::id).toList();
        assertThat(ids).doesNotHaveDuplicates();
    }

    private static SubmissionDecision submit(Case checklistCase) {
        SenderIdentityIndex index = SpoofingChecklistFixture.index();
        checklistCase.changes().forEach(change -> change.applyTo(index));
        PolicyOptions options = PolicyOptions.defaults();
        HeaderParseResult headers = new HeaderIdentityParser(options)
            .parse(checklistCase.messageBytes(), checklistCase.smtpUtf8());
        return new SenderPolicy(index, options)
            .decide(checklistCase.authenticatedUser().orElseThrow(), checklistCase.envelopeSender(), headers);
    }
}
