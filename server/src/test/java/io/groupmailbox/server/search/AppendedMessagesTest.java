package io.groupmailbox.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Date;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.model.ByteContent;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.mail.model.impl.PropertyBuilder;
import org.apache.james.mailbox.store.mail.model.impl.SimpleMailboxMessage;
import org.junit.jupiter.api.Test;

class AppendedMessagesTest {

    private static final Mailbox MAILBOX = new Mailbox(MailboxPath.inbox(Username.of("bob@example.fr")),
        UidValidity.of(42), JPAId.of(7));

    private final AppendedMessages appended = new AppendedMessages();

    @Test
    void aCommittedMessageIsTakenOnce() throws Exception {
        SimpleMailboxMessage message = message(1, 100);
        appended.committed(MAILBOX, message);

        assertThat(appended.take(MAILBOX.getMailboxId(), MessageUid.of(1))).hasValueSatisfying(handedOver -> {
            assertThat(handedOver.message()).isSameAs(message);
            assertThat(handedOver.mailbox()).isSameAs(MAILBOX);
        });
        assertThat(appended.take(MAILBOX.getMailboxId(), MessageUid.of(1))).isEmpty();
    }

    @Test
    void anotherUidOrMailboxIsNotHandedOver() throws Exception {
        appended.committed(MAILBOX, message(1, 100));

        assertThat(appended.take(MAILBOX.getMailboxId(), MessageUid.of(2))).isEmpty();
        assertThat(appended.take(JPAId.of(8), MessageUid.of(1))).isEmpty();
    }

    @Test
    void aLargeMessageIsLeftToTheDatabase() throws Exception {
        appended.committed(MAILBOX, message(1, (int) AppendedMessages.MAX_MESSAGE_BYTES + 1));

        assertThat(appended.take(MAILBOX.getMailboxId(), MessageUid.of(1))).isEmpty();
    }

    @Test
    void handOversThatAreNeverTakenDoNotAccumulate() throws Exception {
        int size = 512 * 1024;
        long count = 4 * AppendedMessages.MAX_TOTAL_BYTES / size;
        for (long uid = 1; uid <= count; uid++) {
            appended.committed(MAILBOX, message(uid, size));
        }

        long kept = 0;
        for (long uid = 1; uid <= count; uid++) {
            kept += appended.take(MAILBOX.getMailboxId(), MessageUid.of(uid)).isPresent() ? 1 : 0;
        }
        assertThat(kept * size).isLessThanOrEqualTo(AppendedMessages.MAX_TOTAL_BYTES);
    }

    private static SimpleMailboxMessage message(long uid, int size) {
        byte[] content = ("Subject: test\r\n\r\n" + "x".repeat(Math.max(0, size - 17))).getBytes(StandardCharsets.US_ASCII);
        DefaultMessageId messageId = new DefaultMessageId();
        SimpleMailboxMessage message = new SimpleMailboxMessage(messageId, ThreadId.fromBaseMessageId(messageId), new Date(),
            content.length, 17, new ByteContent(content), new Flags(), new PropertyBuilder().build(), MAILBOX.getMailboxId());
        message.setUid(MessageUid.of(uid));
        message.setModSeq(ModSeq.of(uid));
        return message;
    }
}
