package io.groupmailbox.identity;

import static io.groupmailbox.identity.SpoofingChecklistFixture.ALICE;
import static io.groupmailbox.identity.SpoofingChecklistFixture.BOB;
import static io.groupmailbox.identity.SpoofingChecklistFixture.SALES;
import static io.groupmailbox.identity.SpoofingChecklistFixture.SUPPORT;
import static io.groupmailbox.identity.SpoofingChecklistFixture.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Username;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Decisions beyond the checklist rows, on the checklist setup: order of sources, sub-addressing, the
 * guards on derived addresses, reasons, and whole submissions.
 */
class SenderPolicyTest {

    private final SenderIdentityIndex index = SpoofingChecklistFixture.index();
    private final SenderPolicy policy = new SenderPolicy(index, PolicyOptions.defaults());

    @Nested
    class Decisions {

        @Test
        void groupWhoseMembersMayNotSendIsRefusedWithAReasonNamingBoth() {
            assertThat(policy.decide(ALICE, SALES)).isEqualTo(SenderDecision.refuse(Source.GROUP,
                "sales@example.fr is a group of which alice@example.fr is a member, but its members may not send as it"));
        }

        @Test
        void groupOfWhichTheUserIsNotAMemberIsRefused() {
            assertThat(policy.decide(BOB, SUPPORT)).isEqualTo(SenderDecision.refuse(Source.GROUP,
                "support@example.fr is a group of which bob@example.fr is not a member"));
        }

        @Test
        void groupInSendOnBehalfModeIsReportedSo() {
            index.putGroupSettings(SUPPORT, true, SenderMode.SEND_ON_BEHALF);

            assertThat(policy.decide(ALICE, SUPPORT).mode()).contains(SenderMode.SEND_ON_BEHALF);
        }

        @Test
        void addressNobodyGrantedIsRefusedNamingTheUser() {
            assertThat(policy.decide(ALICE, address("bob@example.fr"))).isEqualTo(SenderDecision.refuse(Source.NONE,
                "bob@example.fr is none of the own addresses, aliases, confirmed external accounts, sending groups"
                    + " or delegations of alice@example.fr"));
        }

        @Test
        void ownAddressComesBeforeAnyOtherGrant() {
            index.putExternalAccount(new ExternalAccount(ALICE, address("alice@example.fr"), false));

            assertThat(policy.decide(ALICE, address("alice@example.fr")).source()).isEqualTo(Source.OWN);
        }

        @Test
        void laterGrantAllowsDespiteAnEarlierNearMiss() {
            index.putExternalAccount(new ExternalAccount(ALICE, SUPPORT, false));

            assertThat(policy.decide(ALICE, SUPPORT).source()).isEqualTo(Source.GROUP);
            assertThat(policy.decide(ALICE, SUPPORT).allowed()).isTrue();
        }

        @Test
        void delegationCoversTheOwnersOwnAddressOnly() {
            index.addAlias(SpoofingChecklistFixture.BOSS, address("chief@example.fr"));

            assertThat(policy.decide(ALICE, address("chief@example.fr")).allowed()).isFalse();
            assertThat(policy.decide(ALICE, address("boss@example.com")).allowed()).isFalse();
        }

        @Test
        void externalAccountInADomainServedSinceIsNoGrant() {
            NormalizedAddress victim = address("victim@late.test");
            index.putExternalAccount(new ExternalAccount(ALICE, victim, true));
            assertThat(policy.decide(ALICE, victim).allowed()).isTrue();

            index.addServedDomain(org.apache.james.core.Domain.of("late.test"));

            assertThat(policy.decide(ALICE, victim)).isEqualTo(SenderDecision.refuse(Source.EXTERNAL,
                "victim@late.test was registered as an external account of alice@example.fr, but late.test is now a"
                    + " domain this server serves, where addresses are granted by an alias, a group or a delegation,"
                    + " not as external accounts"));
        }

        @Test
        void aliasWhoseAddressBecameAnotherAccountIsNoGrant() {
            NormalizedAddress alias = address("carol@example.fr");
            index.addAlias(ALICE, alias);
            assertThat(policy.decide(ALICE, alias).source()).isEqualTo(Source.ALIAS);

            index.putUser(UserIdentity.of(Username.of("carol@example.fr")));

            assertThat(policy.decide(ALICE, alias)).isEqualTo(SenderDecision.refuse(Source.ALIAS,
                "carol@example.fr is an alias of alice@example.fr, but also the address of another account, whose"
                    + " address is its own"));
            assertThat(policy.decide(ALICE, address("carol+x@example.fr")).allowed()).isFalse();
            assertThat(policy.decide(ALICE, address("carol@example.com")).allowed()).isFalse();
        }

        @Test
        void userWithoutDomainHasOnlyAliases() {
            Username local = Username.of("carol");
            index.addAlias(local, address("carol@example.fr"));

            assertThat(policy.decide(local, address("carol@example.fr")).source()).isEqualTo(Source.ALIAS);
            assertThat(policy.decide(local, address("carol+x@example.fr")).source()).isEqualTo(Source.ALIAS);
        }
    }

    @Nested
    class SubAddressing {

        @Test
        void subAddressOfAnAliasIsAllowedAsAlias() {
            assertThat(policy.decide(ALICE, address("a.lice+news@example.fr")).source()).isEqualTo(Source.ALIAS);
        }

        @Test
        void subAddressInADomainAliasIsAllowedAsDomainAlias() {
            assertThat(policy.decide(ALICE, address("alice+news@example.com")).source()).isEqualTo(Source.DOMAIN_ALIAS);
        }

        @Test
        void subAddressReasonNamesTheBaseAddress() {
            assertThat(policy.decide(ALICE, address("alice+news@example.fr")).reason())
                .isEqualTo("alice+news@example.fr is a sub-address of alice@example.fr, and alice@example.fr is the own"
                    + " address of alice@example.fr");
        }

        @Test
        void subAddressIsRefusedWhenSubAddressingIsOff() {
            SenderPolicy strict = new SenderPolicy(index, new PolicyOptions(false, DisplayNameAddress.REJECT));

            assertThat(strict.decide(ALICE, address("alice+tag@example.fr")).allowed()).isFalse();
            assertThat(strict.decide(ALICE, address("alice@example.fr")).allowed()).isTrue();
        }

        @Test
        void subAddressOfAGroupIsNotTheGroup() {
            assertThat(policy.decide(ALICE, address("support+x@example.fr")).allowed()).isFalse();
        }

        @Test
        void subAddressNeverTakesAnotherAccountsAddress() {
            Username taggedAccount = Username.of("alice+bob@example.fr");
            index.putUser(UserIdentity.of(taggedAccount));

            assertThat(policy.decide(ALICE, address("alice+bob@example.fr")).allowed()).isFalse();
            assertThat(policy.decide(taggedAccount, address("alice+bob@example.fr")).source()).isEqualTo(Source.OWN);
        }

        @Test
        void subAddressNeverTakesAnotherUsersAlias() {
            index.addAlias(BOB, address("alice+bob@example.fr"));

            assertThat(policy.decide(ALICE, address("alice+bob@example.fr")).allowed()).isFalse();
        }

        @Test
        void subAddressNeverTakesAGroupAddress() {
            index.putGroup(new Group(address("alice+team@example.fr"), true, SenderMode.SEND_AS, Map.of()));

            assertThat(policy.decide(ALICE, address("alice+team@example.fr")).source()).isEqualTo(Source.GROUP);
            assertThat(policy.decide(ALICE, address("alice+team@example.fr")).allowed()).isFalse();
        }
    }

    @Nested
    class DomainAliases {

        @Test
        void domainAliasNeverTakesAnotherAccountsAddress() {
            Username other = Username.of("alice@example.com");
            index.putUser(UserIdentity.of(other));

            assertThat(policy.decide(ALICE, address("alice@example.com")).allowed()).isFalse();
            assertThat(policy.decide(other, address("alice@example.com")).source()).isEqualTo(Source.OWN);
        }

        @Test
        void domainAliasDoesNotApplyToGroups() {
            assertThat(policy.decide(ALICE, address("support@example.com")).allowed()).isFalse();
        }

        @Test
        void targetDomainIsNotAnAliasOfItsAlias() {
            Username comUser = Username.of("carol@example.com");

            assertThat(policy.decide(comUser, address("carol@example.fr")).allowed()).isFalse();
        }
    }

    @Nested
    class Submissions {

        @Test
        void everyClaimIsReportedWhenAllAreAllowed() {
            SubmissionDecision decision = policy.decide(ALICE, Optional.of(address("alice@example.fr")),
                ClaimedIdentities.of(
                    claim(IdentityField.FROM, "support@example.fr", "alice@example.fr"),
                    claim(IdentityField.SENDER, "alice@example.fr")));

            assertThat(decision).isInstanceOf(SubmissionDecision.Accepted.class);
            assertThat(((SubmissionDecision.Accepted) decision).claims())
                .extracting(CheckedClaim::field, claim -> claim.decision().source())
                .containsExactly(
                    tuple(IdentityField.MAIL_FROM, Source.OWN),
                    tuple(IdentityField.FROM, Source.GROUP),
                    tuple(IdentityField.FROM, Source.OWN),
                    tuple(IdentityField.SENDER, Source.OWN));
        }

        @Test
        void onBehalfClaimTellsTheCallerToWriteSender() {
            SubmissionDecision.Accepted decision = (SubmissionDecision.Accepted) policy.decide(ALICE,
                Optional.of(address("alice@example.fr")), ClaimedIdentities.of(claim(IdentityField.FROM, "boss@example.fr")));

            assertThat(decision.onBehalfClaims())
                .extracting(claim -> claim.address().orElseThrow())
                .containsExactly(address("boss@example.fr"));
        }

        @Test
        void sendAsClaimsNeedNoSender() {
            SubmissionDecision.Accepted decision = (SubmissionDecision.Accepted) policy.decide(ALICE,
                Optional.of(address("support@example.fr")), ClaimedIdentities.of(claim(IdentityField.FROM, "support@example.fr")));

            assertThat(decision.onBehalfClaims()).isEmpty();
        }

        @Test
        void refusalNamesTheFieldAndTheAddress() {
            SubmissionDecision decision = policy.decide(ALICE, Optional.of(address("alice@example.fr")),
                ClaimedIdentities.of(claim(IdentityField.FROM, "alice@example.fr"), claim(IdentityField.RESENT_FROM, "bob@example.fr")));

            assertThat(decision.accepted()).isFalse();
            assertThat(decision.reason()).startsWith("Resent-From: bob@example.fr is none of");
        }

        @Test
        void envelopeIsJudgedBeforeTheHeader() {
            SubmissionDecision decision = policy.decide(ALICE, Optional.of(address("bob@example.fr")),
                ClaimedIdentities.of(claim(IdentityField.FROM, "sales@example.fr")));

            assertThat(((SubmissionDecision.Refused) decision).claim().field()).isEqualTo(IdentityField.MAIL_FROM);
        }

        @Test
        void nullEnvelopeSenderIsRefused() {
            SubmissionDecision decision = policy.decide(ALICE, Optional.empty(),
                ClaimedIdentities.of(claim(IdentityField.FROM, "alice@example.fr")));

            assertThat(decision.reason()).isEqualTo("MAIL FROM: the null sender <> may not be used to submit a message");
            assertThat(((SubmissionDecision.Refused) decision).claim().address()).isEmpty();
        }

        @Test
        void malformedHeaderSectionIsTheDecision() {
            Malformed malformed = new Malformed("the message has 2 From: fields");

            assertThat(policy.decide(ALICE, Optional.of(address("alice@example.fr")), (HeaderParseResult) malformed))
                .isSameAs(malformed);
        }
    }

    @Nested
    class Values {

        @Test
        void sourcesAreSerialisedInLowerCaseWithDashes() {
            assertThat(List.of(Source.values())).extracting(Source::asString)
                .containsExactly("own", "alias", "domain-alias", "external", "group", "delegation", "none");
            assertThat(Source.fromString("domain-alias")).contains(Source.DOMAIN_ALIAS);
            assertThat(Source.fromString("DOMAIN_ALIAS")).isEmpty();
        }

        @Test
        void modesAreSerialisedInLowerCaseWithDashes() {
            assertThat(SenderMode.SEND_AS.asString()).isEqualTo("send-as");
            assertThat(SenderMode.SEND_ON_BEHALF.asString()).isEqualTo("send-on-behalf");
            assertThat(SenderMode.fromString("send-on-behalf")).contains(SenderMode.SEND_ON_BEHALF);
        }

        @Test
        void decisionHasAModeExactlyWhenAllowed() {
            assertThatThrownBy(() -> new SenderDecision(true, Source.OWN, Optional.empty(), "x"))
                .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new SenderDecision(false, Source.NONE, Optional.of(SenderMode.SEND_AS), "x"))
                .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void decisionReasonIsOneLine() {
            assertThatThrownBy(() -> SenderDecision.refuse(Source.NONE, "two\r\nlines"))
                .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void allowedDecisionNeedsASource() {
            assertThatThrownBy(() -> SenderDecision.allow(Source.NONE, SenderMode.SEND_AS, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void identityFieldNamesAreCaseInsensitiveAndExcludeReplyTo() {
            assertThat(IdentityField.ofHeaderName("rEsEnT-fRoM")).contains(IdentityField.RESENT_FROM);
            assertThat(IdentityField.ofHeaderName("Reply-To")).isEmpty();
            assertThat(IdentityField.ofHeaderName("MAIL FROM")).isEmpty();
        }
    }

    private static ClaimedIdentity claim(IdentityField field, String... addresses) {
        return new ClaimedIdentity(field, List.of(addresses).stream().map(SpoofingChecklistFixture::address).toList());
    }
}
