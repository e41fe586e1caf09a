package io.groupmailbox.server.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Username;
import org.junit.jupiter.api.Test;

import io.groupmailbox.group.GroupDefinition;
import io.groupmailbox.group.GroupMember;
import io.groupmailbox.group.NotifyMode;
import io.groupmailbox.group.Rights;
import io.groupmailbox.group.GroupRepository;
import io.groupmailbox.group.Role;
import io.groupmailbox.identity.SenderMode;

/** What every group store must do; run against the JPA store and the in-memory one. */
public interface GroupRepositoryContract {

    Username SUPPORT = Username.of("support@example.fr");
    Username SALES = Username.of("sales@example.fr");
    Username ALICE = Username.of("alice@example.fr");
    Username BOB = Username.of("bob@example.fr");

    GroupRepository repository();

    static GroupDefinition group(Username address, GroupMember... members) {
        return new GroupDefinition(address, "Team " + address.getLocalPart(), SenderMode.SEND_ON_BEHALF, true,
            NotifyMode.DIGEST, Duration.ofMinutes(30), Optional.of("-- \nThe team"), List.of(members),
            GroupDefinition.Origin.REST);
    }

    @Test
    default void aSavedGroupIsReadBackWhole() {
        GroupDefinition support = group(SUPPORT, new GroupMember(ALICE, Role.REPLIER, false, Map.of("Sent", Rights.of("lr"))));

        repository().save(support);

        assertThat(repository().get(SUPPORT)).contains(support);
        assertThat(repository().list()).containsExactly(support);
    }

    @Test
    default void groupsOfAMemberFollowTheMembership() {
        repository().save(group(SUPPORT, GroupMember.of("alice@example.fr", Role.REPLIER), GroupMember.of("bob@example.fr", Role.READER)));
        repository().save(group(SALES, GroupMember.of("alice@example.fr", Role.READER)));

        assertThat(repository().groupsOf(ALICE)).extracting(GroupDefinition::address).containsExactlyInAnyOrder(SUPPORT, SALES);
        assertThat(repository().groupsOf(BOB)).extracting(GroupDefinition::address).containsExactly(SUPPORT);

        repository().save(group(SUPPORT, GroupMember.of("alice@example.fr", Role.REPLIER)));

        assertThat(repository().groupsOf(BOB)).isEmpty();
    }

    @Test
    default void aDeletedGroupIsGoneWithItsMemberships() {
        repository().save(group(SUPPORT, GroupMember.of("alice@example.fr", Role.REPLIER)));

        repository().delete(SUPPORT);

        assertThat(repository().get(SUPPORT)).isEmpty();
        assertThat(repository().groupsOf(ALICE)).isEmpty();
        assertThat(repository().list()).isEmpty();
    }
}
