package io.groupmailbox.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.james.core.Username;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.groupmailbox.audit.AuditQuery;
import io.groupmailbox.audit.GroupAudit;
import io.groupmailbox.audit.MemoryAuditStore;
import io.groupmailbox.group.GroupDefinition;
import io.groupmailbox.group.GroupMember;
import io.groupmailbox.group.MemoryGroupRepository;
import io.groupmailbox.group.NotifyMode;
import io.groupmailbox.group.Role;
import io.groupmailbox.identity.SenderMode;

class AppPasswordsTest {

    static final Username SUPPORT = Username.of("support@example.fr");
    static final Username ALICE = Username.of("alice@example.fr");
    static final Username CAROL = Username.of("carol@example.fr");

    MemoryGroupRepository groups;
    MemoryAppPasswordStore store;
    MemoryAuditStore auditStore;
    AppPasswords appPasswords;

    @BeforeEach
    void setUp() {
        groups = new MemoryGroupRepository();
        groups.save(support(List.of(GroupMember.of(ALICE.asString(), Role.REPLIER))));
        store = new MemoryAppPasswordStore();
        auditStore = new MemoryAuditStore();
        appPasswords = new AppPasswords(store, groups, new GroupAudit(auditStore, Clock.systemUTC()), Clock.systemUTC());
    }

    static GroupDefinition support(List<GroupMember> members) {
        return new GroupDefinition(SUPPORT, "Support", SenderMode.SEND_AS, true, NotifyMode.NONE,
            GroupDefinition.DEFAULT_DIGEST_INTERVAL, Optional.empty(), members, GroupDefinition.Origin.REST);
    }

    @Test
    void thePasswordIsShownOnceAndStoredOnlyAsASaltedHash() throws Exception {
        AppPasswords.Created created = appPasswords.create(SUPPORT, ALICE, "Thunderbird");

        AppPassword stored = store.of(SUPPORT, ALICE).get(0);
        String compact = created.password().replace("-", "");
        assertThat(stored.hash()).startsWith("pbkdf2-sha256$" + PasswordHash.ITERATIONS + "$").doesNotContain(compact);
        assertThat(stored.selector()).isEqualTo(compact.substring(0, 8));
        assertThat(PasswordHash.hash(compact)).isNotEqualTo(PasswordHash.hash(compact)); // salted
    }

    @Test
    void theMemberLogsInWithItWhateverDashesSpacesOrCaseTheyType() throws Exception {
        String password = appPasswords.create(SUPPORT, ALICE, "").password();

        for (String typed : List.of(password, password.replace("-", ""), password.replace("-", " "), password.toUpperCase(Locale.ROOT))) {
            assertThat(appPasswords.verify(SUPPORT, typed)).as(typed)
                .map(GroupLogin::member).contains(ALICE);
        }
        assertThat(store.of(SUPPORT, ALICE).get(0).lastUsed()).isPresent();
    }

    @Test
    void aWrongSecretAnotherAccountOrAFormerMemberIsRefused() throws Exception {
        String password = appPasswords.create(SUPPORT, ALICE, "").password();
        char last = password.charAt(password.length() - 1);
        String wrongSecret = password.substring(0, password.length() - 1) + (last == 'a' ? 'b' : 'a');

        assertThat(appPasswords.verify(SUPPORT, wrongSecret)).isEmpty();
        assertThat(appPasswords.verify(ALICE, password)).isEmpty();
        assertThat(appPasswords.verify(SUPPORT, "alice-secret")).isEmpty();

        GroupLogin login = appPasswords.verify(SUPPORT, password).orElseThrow();
        groups.save(support(List.of()));
        assertThat(appPasswords.verify(SUPPORT, password)).isEmpty();
        assertThat(appPasswords.stillValid(login)).isFalse();
    }

    @Test
    void aRevokedPasswordNoLongerOpensTheGroupAndTheChangesAreAudited() throws Exception {
        AppPasswords.Created created = appPasswords.create(SUPPORT, ALICE, "");
        GroupLogin login = appPasswords.verify(SUPPORT, created.password()).orElseThrow();

        assertThat(appPasswords.revoke(SUPPORT, CAROL, created.id())).isFalse();
        assertThat(appPasswords.revoke(SUPPORT, ALICE, created.id())).isTrue();

        assertThat(appPasswords.verify(SUPPORT, created.password())).isEmpty();
        assertThat(appPasswords.stillValid(login)).isFalse();
        assertThat(auditStore.find(AuditQuery.of(SUPPORT, 10))).extracting(entry -> entry.action())
            .containsExactly("app-password-revoked", "app-password-created");
    }

    @Test
    void aNonMemberOrAnUnknownGroupGetsNoPassword() {
        assertThatThrownBy(() -> appPasswords.create(SUPPORT, CAROL, "")).isInstanceOf(AppPasswords.NotAMemberException.class);
        assertThatThrownBy(() -> appPasswords.create(Username.of("nosuch@example.fr"), ALICE, ""))
            .isInstanceOf(AppPasswords.NoSuchGroupException.class);
    }
}
