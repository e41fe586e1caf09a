package io.groupmailbox.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.groupmailbox.delivery.DeliveryJournal;
import io.groupmailbox.delivery.IdempotentMailStore;
import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.SmtpClient;
import io.groupmailbox.server.testing.StoreProbe;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The spool redelivers at least once; the mailbox must still hold each mail once. */
class IdempotentDeliveryTest {

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    private IdempotentMailStore store;
    private Username user;
    private MailAddress recipient;

    @BeforeAll
    static void provision() {
        server.webAdmin().createDomain("example.fr");
    }

    @BeforeEach
    void setUp() throws Exception {
        String address = "user-" + UUID.randomUUID().toString().substring(0, 8) + "@example.fr";
        server.webAdmin().createUser(address, "secret");
        user = Username.of(address);
        recipient = new MailAddress(address);
        StoreProbe probe = server.probe(StoreProbe.class);
        store = new IdempotentMailStore(probe.mailboxManager(), probe.usersRepository(), probe.deliveryJournal(),
            new RecordingMetricFactory().generate("delivered"));
    }

    @Test
    void aMailRedeliveredAfterItWasStoredIsStoredOnce() throws Exception {
        FakeMail mail = mail("spooled-1", "Once only");

        Mono.from(store.storeMail(recipient, mail)).block();
        Mono.from(store.storeMail(recipient, mail)).block();

        assertThat(inboxCount()).isEqualTo(1);
    }

    @Test
    void aRetriedStoreRunsWhereItMayBlock() throws Exception {
        FakeMail mail = mail("spooled-retry", "Retried by the dispatcher");

        // James's MailDispatcher retries a failed store after a back-off on Reactor's parallel scheduler.
        Mono.delay(Duration.ofMillis(1), Schedulers.parallel())
            .then(Mono.from(store.storeMail(recipient, mail)))
            .block();

        assertThat(inboxCount()).isEqualTo(1);
    }

    @Test
    void aSecondAppendOfOneDeliveryStoresNothing() throws Exception {
        DeliveryJournal journal = server.probe(StoreProbe.class).deliveryJournal();
        DeliveryJournal.Delivery delivery = new DeliveryJournal.Delivery("spooled-twice-" + UUID.randomUUID(), recipient.asString());
        MimeMessage message = SmtpClient.message("customer@remote.test", recipient.asString(), "Appended twice", "body");
        appendRecording(delivery, message);

        assertThatThrownBy(() -> appendRecording(delivery, message)).isInstanceOf(MailboxException.class);

        assertThat(inboxCount()).isEqualTo(1);
        assertThat(journal.isStored(delivery)).isTrue();
        // the refused append's usage update was rolled back with it
        String quota = server.webAdmin().get("/quota/users/" + recipient.asString()).body();
        assertThat(new ObjectMapper().readTree(quota).path("occupation").path("count").asLong()).as(quota).isEqualTo(1);
    }

    @Test
    void aDeliveryThatFailedIsNotRecordedAndIsStoredWhenRetried() throws Exception {
        FakeMail mail = mail("spooled-over-quota", "Refused, then stored");
        assertThat(server.webAdmin().put("/quota/users/" + recipient.asString() + "/count", "0").status()).isEqualTo(204);

        assertThatThrownBy(() -> Mono.from(store.storeMail(recipient, mail)).block())
            .isInstanceOf(IdempotentMailStore.DeliveryFailedException.class);
        assertThat(server.probe(StoreProbe.class).deliveryJournal()
            .isStored(new DeliveryJournal.Delivery(mail.getName(), recipient.asString()))).isFalse();

        assertThat(server.webAdmin().delete("/quota/users/" + recipient.asString() + "/count").status()).isEqualTo(204);
        Mono.from(store.storeMail(recipient, mail)).block();
        assertThat(inboxCount()).isEqualTo(1);
    }

    @Test
    void twoMailsWithTheSameContentButDistinctSpoolNamesAreBothStored() throws Exception {
        MimeMessage message = SmtpClient.message("customer@remote.test", recipient.asString(), "Twice on purpose", "x");

        Mono.from(store.storeMail(recipient, FakeMail.builder().name("spooled-3").mimeMessage(message)
            .recipient(recipient).build())).block();
        Mono.from(store.storeMail(recipient, FakeMail.builder().name("spooled-4").mimeMessage(message)
            .recipient(recipient).build())).block();

        assertThat(inboxCount()).isEqualTo(2);
    }

    private FakeMail mail(String name, String subject) throws Exception {
        return FakeMail.builder()
            .name(name + "-" + UUID.randomUUID())
            .mimeMessage(SmtpClient.message("customer@remote.test", recipient.asString(), subject, "body"))
            .recipient(recipient)
            .build();
    }

    /** An append that records {@code delivery}, as {@link IdempotentMailStore} makes it, without its recovery. */
    private void appendRecording(DeliveryJournal.Delivery delivery, MimeMessage message) throws Exception {
        MailboxManager mailboxManager = server.probe(StoreProbe.class).mailboxManager();
        MailboxSession session = mailboxManager.createSystemSession(user);
        if (!Mono.from(mailboxManager.mailboxExists(MailboxPath.inbox(user), session)).block()) {
            mailboxManager.createMailbox(MailboxPath.inbox(user), session);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        message.writeTo(bytes);
        server.probe(StoreProbe.class).deliveryJournal().recordWithNextAppend(delivery, session);
        mailboxManager.getMailbox(MailboxPath.inbox(user), session)
            .appendMessage(MessageManager.AppendCommand.builder().recent().delivery().build(bytes.toByteArray()), session);
    }

    private long inboxCount() throws Exception {
        MailboxManager mailboxManager = server.probe(StoreProbe.class).mailboxManager();
        MailboxSession session = mailboxManager.createSystemSession(user);
        return mailboxManager.getMailbox(MailboxPath.inbox(user), session)
            .getMetaData(MessageManager.MailboxMetaData.RecentMode.IGNORE, session,
                EnumSet.of(MessageManager.MailboxMetaData.Item.MailboxCounters))
            .getMessageCount();
    }
}
