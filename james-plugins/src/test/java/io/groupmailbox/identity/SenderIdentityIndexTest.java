package io.groupmailbox.identity;

import static io.groupmailbox.identity.SpoofingChecklistFixture.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.junit.jupiter.api.Test;

/**
 * Each kind of grant, added then removed through the incremental updates, as the next decision sees it.
 */
class SenderIdentityIndexTest {

    private static final Username ALICE = Username.of("alice@example.fr");
    private static final Username BOB = Username.of("bob@example.fr");
    private static final NormalizedAddress TEAM = address("team@example.fr");

    private final SenderIdentityIndex index = SenderIdentityIndex.empty();
    private final SenderPolicy policy = new SenderPolicy(index, PolicyOptions.defaults());

    @Test
    void ownAddressIsTheNormalisedUsernameWhetherRegisteredOrNot() {
        Username unicode = Username.of("Zoé@Exämple.fr");
        NormalizedAddress normalized = AddressNormalizer.normalize(unicode).orElseThrow();
        assertThat(index.ownAddress(unicode)).contains(normalized);

        index.putUser(UserIdentity.of(unicode));
        assertThat(index.ownAddress(unicode)).contains(normalized);
        assertThat(policy.decide(unicode, address("zoé@xn--exmple-cua.fr")).source()).isEqualTo(Source.OWN);

        index.removeUser(unicode);
        assertThat(index.ownAddress(unicode)).contains(normalized);
        assertThat(policy.decide(unicode, address("zoé@xn--exmple-cua.fr")).source()).isEqualTo(Source.OWN);
        assertThat(index.ownAddress(Username.of("nodomain"))).isEmpty();
    }

    @Test
    void addedAliasCanBeSentAsUntilRemoved() {
        NormalizedAddress alias = address("a.lice@example.fr");
        assertThat(policy.decide(ALICE, alias).source()).isEqualTo(Source.NONE);

        index.addAlias(ALICE, alias);
        assertThat(policy.decide(ALICE, alias).source()).isEqualTo(Source.ALIAS);
        assertThat(index.aliasesOf(ALICE)).containsExactly(alias);

        index.removeAlias(ALICE, alias);
        assertThat(policy.decide(ALICE, alias).allowed()).isFalse();
        assertThat(index.aliasesOf(ALICE)).isEmpty();
    }

    @Test
    void aliasOfOneUserIsNotAnotherUsers() {
        index.addAlias(ALICE, address("a.lice@example.fr"));

        assertThat(policy.decide(BOB, address("a.lice@example.fr")).allowed()).isFalse();
    }

    @Test
    void putUserReplacesTheAliases() {
        index.putUser(UserIdentity.of(ALICE, address("old@example.fr"), address("kept@example.fr")));
        index.putUser(UserIdentity.of(ALICE, address("kept@example.fr"), address("new@example.fr")));

        assertThat(policy.decide(ALICE, address("old@example.fr")).allowed()).isFalse();
        assertThat(policy.decide(ALICE, address("kept@example.fr")).allowed()).isTrue();
        assertThat(policy.decide(ALICE, address("new@example.fr")).allowed()).isTrue();
    }

    @Test
    void removedUserLosesTheAliases() {
        index.putUser(UserIdentity.of(ALICE, address("a.lice@example.fr")));

        index.removeUser(ALICE);

        assertThat(policy.decide(ALICE, address("a.lice@example.fr")).allowed()).isFalse();
        assertThat(index.aliasesOf(ALICE)).isEmpty();
    }

    @Test
    void addedDomainAliasCoversTheOwnAddressUntilRemoved() {
        index.addDomainAlias(Domain.of("EXAMPLE.COM"), Domain.of("example.fr"));
        assertThat(policy.decide(ALICE, address("alice@example.com")).source()).isEqualTo(Source.DOMAIN_ALIAS);
        assertThat(index.domainAliasTarget(Domain.of("example.com"))).contains(Domain.of("example.fr"));

        index.removeDomainAlias(Domain.of("example.com"));
        assertThat(policy.decide(ALICE, address("alice@example.com")).allowed()).isFalse();
        assertThat(index.domainAliasTarget(Domain.of("example.com"))).isEmpty();
    }

    @Test
    void domainAliasAlsoCoversAliases() {
        index.addAlias(ALICE, address("a.lice@example.fr"));
        index.addDomainAlias(Domain.of("example.com"), Domain.of("example.fr"));

        assertThat(policy.decide(ALICE, address("a.lice@example.com")).source()).isEqualTo(Source.DOMAIN_ALIAS);
    }

    @Test
    void unicodeDomainAliasIsStoredInAsciiForm() {
        index.addDomainAlias(Domain.of("ex\u00e9mple.com"), Domain.of("example.fr"));

        assertThat(policy.decide(ALICE, address("alice@xn--exmple-cva.com")).source()).isEqualTo(Source.DOMAIN_ALIAS);
    }

    @Test
    void domainThatIsNotAValidDomainIsRefusedAsInput() {
        assertThatThrownBy(() -> index.addDomainAlias(Domain.of("exa_mple.com"), Domain.of("example.fr")))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addedGroupCanBeSentAsByItsMembersUntilRemoved() {
        index.putGroup(new Group(TEAM, true, SenderMode.SEND_AS, Map.of(ALICE, true)));
        assertThat(policy.decide(ALICE, TEAM).source()).isEqualTo(Source.GROUP);
        assertThat(policy.decide(ALICE, TEAM).allowed()).isTrue();

        index.removeGroup(TEAM);
        assertThat(policy.decide(ALICE, TEAM).source()).isEqualTo(Source.NONE);
        assertThat(index.group(TEAM)).isEmpty();
    }

    @Test
    void addedMemberCanSendAsTheGroupUntilRemoved() {
        index.putGroup(new Group(TEAM, true, SenderMode.SEND_AS, Map.of()));
        assertThat(policy.decide(BOB, TEAM).allowed()).isFalse();

        index.putMember(TEAM, BOB, true);
        assertThat(policy.decide(BOB, TEAM).allowed()).isTrue();
        assertThat(index.group(TEAM).orElseThrow().mayMemberSend()).containsEntry(BOB, true);

        index.removeMember(TEAM, BOB);
        assertThat(policy.decide(BOB, TEAM).reason()).isEqualTo("team@example.fr is a group of which bob@example.fr is not a member");
    }

    @Test
    void memberWhoseRoleMayNotSendIsRefusedUntilTheRoleChanges() {
        index.putGroup(new Group(TEAM, true, SenderMode.SEND_AS, Map.of(BOB, false)));
        assertThat(policy.decide(BOB, TEAM).reason())
            .isEqualTo("team@example.fr is a group of which bob@example.fr is a member whose role may not send as it");

        index.putMember(TEAM, BOB, true);
        assertThat(policy.decide(BOB, TEAM).allowed()).isTrue();
    }

    @Test
    void groupSettingsSwitchSendingAndModeKeepingTheMembers() {
        index.putGroup(new Group(TEAM, true, SenderMode.SEND_AS, Map.of(ALICE, true)));

        index.putGroupSettings(TEAM, false, SenderMode.SEND_AS);
        assertThat(policy.decide(ALICE, TEAM).allowed()).isFalse();

        index.putGroupSettings(TEAM, true, SenderMode.SEND_ON_BEHALF);
        assertThat(policy.decide(ALICE, TEAM).mode()).contains(SenderMode.SEND_ON_BEHALF);
        assertThat(index.group(TEAM)).contains(new Group(TEAM, true, SenderMode.SEND_ON_BEHALF, Map.of(ALICE, true)));
    }

    @Test
    void putGroupReplacesAllMembers() {
        index.putGroup(new Group(TEAM, true, SenderMode.SEND_AS, Map.of(ALICE, true)));

        index.putGroup(new Group(TEAM, true, SenderMode.SEND_AS, Map.of(BOB, true)));

        assertThat(policy.decide(ALICE, TEAM).allowed()).isFalse();
        assertThat(policy.decide(BOB, TEAM).allowed()).isTrue();
    }

    @Test
    void addedDelegationCanBeSentAsUntilRemoved() {
        index.addDelegation(Delegation.of(BOB, ALICE));
        assertThat(policy.decide(ALICE, address("bob@example.fr")))
            .isEqualTo(SenderDecision.allow(Source.DELEGATION, SenderMode.SEND_ON_BEHALF,
                "bob@example.fr delegated sending to alice@example.fr (send-on-behalf)"));
        assertThat(index.delegation(BOB, ALICE)).contains(Delegation.of(BOB, ALICE));

        index.removeDelegation(BOB, ALICE);
        assertThat(policy.decide(ALICE, address("bob@example.fr")).allowed()).isFalse();
        assertThat(index.delegation(BOB, ALICE)).isEmpty();
    }

    @Test
    void delegationInSendAsModeIsReportedSo() {
        index.addDelegation(new Delegation(BOB, ALICE, SenderMode.SEND_AS));

        assertThat(policy.decide(ALICE, address("bob@example.fr")).mode()).contains(SenderMode.SEND_AS);
    }

    @Test
    void delegationGoesOneWayOnly() {
        index.addDelegation(Delegation.of(BOB, ALICE));

        assertThat(policy.decide(BOB, address("alice@example.fr")).allowed()).isFalse();
    }

    @Test
    void externalAccountCanBeSentAsOnceConfirmedAndUntilRemoved() {
        NormalizedAddress gmail = address("alice@gmail.test");
        index.putExternalAccount(new ExternalAccount(ALICE, gmail, false));
        assertThat(policy.decide(ALICE, gmail).reason())
            .isEqualTo("alice@gmail.test is an external account of alice@example.fr that is not confirmed yet");

        index.putExternalAccount(new ExternalAccount(ALICE, gmail, true));
        assertThat(policy.decide(ALICE, gmail).source()).isEqualTo(Source.EXTERNAL);
        assertThat(policy.decide(ALICE, gmail).allowed()).isTrue();

        index.removeExternalAccount(ALICE, gmail);
        assertThat(policy.decide(ALICE, gmail).source()).isEqualTo(Source.NONE);
        assertThat(index.externalAccount(ALICE, gmail)).isEmpty();
    }

    @Test
    void externalAccountOfOneUserIsNotAnotherUsers() {
        index.putExternalAccount(new ExternalAccount(ALICE, address("alice@gmail.test"), true));

        assertThat(policy.decide(BOB, address("alice@gmail.test")).allowed()).isFalse();
    }

    @Test
    void indexBuiltFromInputsAnswersLikeOneBuiltByUpdates() {
        SenderIdentityIndex built = SenderIdentityIndex.of(
            List.of(UserIdentity.of(ALICE, address("a.lice@example.fr"))),
            Map.of(Domain.of("example.com"), Domain.of("example.fr")),
            List.of(new Group(TEAM, true, SenderMode.SEND_AS, Map.of(ALICE, true))),
            List.of(Delegation.of(BOB, ALICE)),
            List.of(new ExternalAccount(ALICE, address("alice@gmail.test"), true)));
        SenderPolicy builtPolicy = new SenderPolicy(built, PolicyOptions.defaults());

        assertThat(List.of("a.lice@example.fr", "alice@example.com", "team@example.fr", "bob@example.fr", "alice@gmail.test")
            .stream().map(claimed -> builtPolicy.decide(ALICE, address(claimed)).source()))
            .containsExactly(Source.ALIAS, Source.DOMAIN_ALIAS, Source.GROUP, Source.DELEGATION, Source.EXTERNAL);
        assertThat(built.aliasesOf(ALICE)).isEqualTo(Set.of(address("a.lice@example.fr")));
    }
}
