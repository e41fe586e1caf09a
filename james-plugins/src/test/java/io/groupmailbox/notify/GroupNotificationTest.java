package io.groupmailbox.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.Username;
import org.junit.jupiter.api.Test;

import io.groupmailbox.group.GroupDefinition;
import io.groupmailbox.group.GroupMember;
import io.groupmailbox.group.NotifyMode;
import io.groupmailbox.group.Role;
import io.groupmailbox.identity.SenderMode;

class GroupNotificationTest {

    private static final Username ALICE = Username.of("alice@example.fr");
    private static final GroupDefinition SUPPORT = new GroupDefinition(Username.of("support@example.fr"), "Support",
        SenderMode.SEND_AS, true, NotifyMode.EACH, Duration.ofMinutes(5), Optional.empty(),
        List.of(new GroupMember(ALICE, Role.REPLIER, true, Map.of())), GroupDefinition.Origin.REST);

    /** The mail is already in the group's INBOX: a body that cannot be parsed must not cost the members their notice. */
    @Test
    void aBodyThatCannotBeParsedStillGivesANotice() throws Exception {
        MimeMessage original = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream((
            "From: customer@remote.test\r\nSubject: Broken\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"x\"\r\n\r\nno boundary at all\r\n").getBytes(StandardCharsets.US_ASCII)));

        MimeMessage notice = GroupNotification.of(SUPPORT, original);

        assertThat(notice.getSubject()).isEqualTo("[Support] Broken");
        assertThat((String) notice.getContent()).contains("customer@remote.test", "the text cannot be read", "Groups.Support.INBOX");
    }
}
