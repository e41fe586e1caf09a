package io.groupmailbox.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.groupmailbox.identity.AddressNormalizer;
import io.groupmailbox.identity.NormalizedAddress;
import io.groupmailbox.identity.external.ExternalAccountRegistration;
import io.groupmailbox.identity.external.ExternalAccounts;
import io.groupmailbox.identity.external.ExternalAccounts.Confirmation;
import io.groupmailbox.identity.external.MemoryExternalAccountStore;
import io.groupmailbox.server.testing.MutableClock;

/** The rules of one-time codes: mailed, hashed, single-use, expiring, a few attempts only. */
class ExternalAccountsTest {

    private static final Username ALICE = Username.of("alice@example.fr");
    private static final NormalizedAddress GMAIL = AddressNormalizer.normalize("alice@gmail.test").orElseThrow();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T08:00:00Z"));
    private MemoryExternalAccountStore store;
    private FakeMailContext mailContext;
    private ExternalAccounts accounts;

    @BeforeEach
    void setUp() throws Exception {
        MemoryDomainList domains = new MemoryDomainList(null);
        domains.configure(DomainListConfiguration.builder().autoDetect(false).autoDetectIp(false)
            .defaultDomain(Domain.of("example.fr")));
        store = new MemoryExternalAccountStore();
        mailContext = FakeMailContext.builder().postmaster(new MailAddress("postmaster@example.fr")).build();
        accounts = new ExternalAccounts(store, domains, mailContext, clock);
    }

    @Test
    void registeringMailsACodeToTheAddressAndKeepsOnlyItsHash() throws Exception {
        ExternalAccountRegistration pending = accounts.register(ALICE, GMAIL, false);

        assertThat(pending.confirmed()).isFalse();
        assertThat(pending.codeExpiry()).contains(clock.instant().plus(ExternalAccounts.CODE_VALIDITY));
        assertThat(mailContext.getSentMails()).singleElement().satisfies(mail -> {
            assertThat(mail.getRecipients()).containsExactly(new MailAddress("alice@gmail.test"));
            assertThat(mail.getMsg().getHeader("Auto-Submitted")).containsExactly("auto-generated");
        });
        String code = lastCode();
        assertThat(pending.codeHash().orElseThrow()).doesNotContain(code).hasSize(64);
    }

    @Test
    void theRightCodeConfirmsOnce() throws Exception {
        accounts.register(ALICE, GMAIL, false);
        String code = lastCode();

        assertThat(accounts.confirm(ALICE, GMAIL, code)).isEqualTo(Confirmation.CONFIRMED);
        assertThat(accounts.confirm(ALICE, GMAIL, code)).isEqualTo(Confirmation.ALREADY_CONFIRMED);
        assertThat(store.get(ALICE, GMAIL).orElseThrow().confirmed()).isTrue();
        assertThat(store.get(ALICE, GMAIL).orElseThrow().codeHash()).isEmpty();
    }

    @Test
    void aCodeIsWorthNothingForAnotherUser() throws Exception {
        accounts.register(ALICE, GMAIL, false);
        String alicesCode = lastCode();
        Username bob = Username.of("bob@example.fr");
        accounts.register(bob, GMAIL, false);
        String bobsCode = lastCode();
        assumeThat(bobsCode).isNotEqualTo(alicesCode);

        assertThat(accounts.confirm(ALICE, GMAIL, bobsCode)).isEqualTo(Confirmation.WRONG_CODE);
        assertThat(accounts.confirm(bob, GMAIL, bobsCode)).isEqualTo(Confirmation.CONFIRMED);
        assertThat(store.get(ALICE, GMAIL).orElseThrow().confirmed()).isFalse();
    }

    @Test
    void anExpiredCodeIsRefused() throws Exception {
        accounts.register(ALICE, GMAIL, false);
        String code = lastCode();
        clock.advance(ExternalAccounts.CODE_VALIDITY.plusSeconds(1));

        assertThat(accounts.confirm(ALICE, GMAIL, code)).isEqualTo(Confirmation.EXPIRED);
        assertThat(store.get(ALICE, GMAIL).orElseThrow().confirmed()).isFalse();
    }

    @Test
    void afterTooManyWrongCodesEvenTheRightOneIsRefused() throws Exception {
        accounts.register(ALICE, GMAIL, false);
        String code = lastCode();
        String wrong = code.equals("00000000") ? "00000001" : "00000000";
        for (int attempt = 0; attempt < ExternalAccounts.MAX_ATTEMPTS; attempt++) {
            assertThat(accounts.confirm(ALICE, GMAIL, wrong)).isEqualTo(Confirmation.WRONG_CODE);
        }

        assertThat(accounts.confirm(ALICE, GMAIL, code)).isEqualTo(Confirmation.TOO_MANY_ATTEMPTS);
    }

    @Test
    void registeringAgainSendsANewCodeAndTheOldOneStopsWorking() throws Exception {
        accounts.register(ALICE, GMAIL, false);
        String first = lastCode();
        accounts.register(ALICE, GMAIL, false);
        String second = lastCode();

        if (!first.equals(second)) {
            assertThat(accounts.confirm(ALICE, GMAIL, first)).isEqualTo(Confirmation.WRONG_CODE);
        }
        assertThat(accounts.confirm(ALICE, GMAIL, second)).isEqualTo(Confirmation.CONFIRMED);
    }

    @Test
    void anAdminVouchingConfirmsAtOnceWithoutMail() throws Exception {
        ExternalAccountRegistration registration = accounts.register(ALICE, GMAIL, true);

        assertThat(registration.confirmed()).isTrue();
        assertThat(mailContext.getSentMails()).isEmpty();
    }

    @Test
    void anAddressOfALocalDomainIsNotAnExternalAccount() {
        NormalizedAddress local = AddressNormalizer.normalize("boss@example.fr").orElseThrow();

        assertThatThrownBy(() -> accounts.register(ALICE, local, true))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("domain this server serves");
        assertThat(store.listOf(ALICE)).isEmpty();
    }

    @Test
    void confirmingAnUnknownAccountSaysSo() {
        assertThat(accounts.confirm(ALICE, GMAIL, "12345678")).isEqualTo(Confirmation.UNKNOWN);
    }

    private String lastCode() throws Exception {
        var sent = mailContext.getSentMails();
        String body = (String) sent.get(sent.size() - 1).getMsg().getContent();
        Matcher matcher = Pattern.compile("code to confirm it: (\\d{8})").matcher(body);
        assertThat(matcher.find()).as(body).isTrue();
        return matcher.group(1);
    }
}
