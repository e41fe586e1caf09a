package io.groupmailbox.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.mail.Flags;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Store;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.SmtpClient;

/**
 * notify="digest": one summary per interval in each notified member's INBOX instead of a notice per message.
 * Every test has a group of its own (2 s interval), so that no test sees another's mail.
 */
class DigestNotificationsTest {

    /** Two intervals and two passes of the scheduler: a second summary, if any, would be there by then. */
    private static final Duration QUIET = Duration.ofSeconds(6);

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    private record Received(String subject, String text, String[] autoSubmitted, String from) {
    }

    @BeforeAll
    static void provision() throws Exception {
        server.webAdmin().createDomain("example.fr");
        for (String user : List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "henry")) {
            server.webAdmin().createUser(user + "@example.fr", user + "-secret");
        }
        server.writeGroupsFile("""
            <groups>
              <group address="helpdesk@example.fr" name="Helpdesk" notify="digest" digestInterval="2s">
                <member address="alice@example.fr" role="replier"/>
                <member address="carol@example.fr" role="reader"/>
                <member address="bob@example.fr" role="reader" notify="false"/>
              </group>
              <group address="sales@example.fr" name="Sales" notify="digest" digestInterval="2s" membersMaySend="true">
                <member address="dave@example.fr" role="replier"/>
                <member address="erin@example.fr" role="reader"/>
              </group>
              <group address="archive@example.fr" name="Archive" notify="digest" digestInterval="5s">
                <member address="henry@example.fr" role="manager"/>
              </group>
            </groups>
            """);
        assertThat(server.webAdmin().post("/groups/reload", "").status()).isEqualTo(200);
    }

    @Test
    void threeArrivalsGiveEachNotifiedMemberOneSummaryAndALaterArrivalASecondOne() throws Exception {
        for (String subject : List.of("Printer on fire", "Invoice 42", "Café fermé")) {
            server.smtp().deliver("customer@remote.test",
                SmtpClient.message("customer@remote.test", "helpdesk@example.fr", subject, "Details of " + subject),
                "helpdesk@example.fr");
        }

        for (String member : List.of("alice", "carol")) {
            Received summary = awaitOne(member, "[Helpdesk] 3 new messages");
            assertThat(summary.text()).contains("Printer on fire", "Invoice 42", "Café fermé", "customer@remote.test",
                "Groups.Helpdesk.INBOX");
            assertThat(summary.autoSubmitted()).containsExactly("auto-generated");
            assertThat(summary.from()).contains("helpdesk@example.fr");
        }
        // Exactly one summary each, nothing for bob (notify="false"), and the summaries caused nothing more.
        assertStaysAt("alice", 1);
        assertThat(inbox("carol")).hasSize(1);
        assertThat(inbox("bob")).isEmpty();
        assertThat(messages("alice", "Groups.Helpdesk.INBOX")).hasSize(3);

        server.smtp().deliver("customer@remote.test",
            SmtpClient.message("customer@remote.test", "helpdesk@example.fr", "Printer fixed", "Thanks"), "helpdesk@example.fr");

        Received second = awaitOne("alice", "[Helpdesk] 1 new message");
        assertThat(second.text()).contains("Printer fixed").doesNotContain("Printer on fire", "Invoice 42");
        awaitOne("carol", "[Helpdesk] 1 new message");
        assertStaysAt("alice", 2);
        assertThat(inbox("bob")).isEmpty();
    }

    @Test
    void aMembersOwnMailAndRobotsMailAreLeftOutOfDigests() throws Exception {
        MimeMessage autoReply = SmtpClient.message("robot@remote.test", "sales@example.fr", "Out of office", "Away");
        autoReply.setHeader("Auto-Submitted", "auto-replied");
        server.smtp().deliver("robot@remote.test", autoReply, "sales@example.fr");
        server.smtp().submit("dave@example.fr", "dave-secret",
            SmtpClient.message("dave@example.fr", "sales@example.fr", "Price list 2027", "Attached soon"));

        Received summary = awaitOne("erin", "[Sales] 1 new message");
        assertThat(summary.text()).contains("Price list 2027").doesNotContain("Out of office");
        await().atMost(Duration.ofSeconds(30)).until(() -> messages("erin", "Groups.Sales.INBOX").size() == 2);
        assertStaysAt("dave", 0);
        assertThat(inbox("erin")).hasSize(1);
    }

    @Test
    void aMessageExpungedBeforeTheDigestIsNotListed() throws Exception {
        for (String subject : List.of("Spam offer", "Real question")) {
            server.smtp().deliver("customer@remote.test",
                SmtpClient.message("customer@remote.test", "archive@example.fr", subject, "..."), "archive@example.fr");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> messages("henry", "Groups.Archive.INBOX").size() == 2);
        try (Store store = server.imap().login("henry@example.fr", "henry-secret")) {
            Folder folder = store.getFolder("Groups.Archive.INBOX");
            folder.open(Folder.READ_WRITE);
            for (Message message : folder.getMessages()) {
                message.setFlag(Flags.Flag.DELETED, "Spam offer".equals(message.getSubject()));
            }
            folder.close(true);
        }

        Received summary = awaitOne("henry", "[Archive] 1 new message");
        assertThat(summary.text()).contains("Real question").doesNotContain("Spam offer");
    }

    @Test
    void aMemberSwitchedOffOverRestGetsNoMoreDigests() throws Exception {
        assertThat(server.webAdmin().put("/groups/ops@example.fr", """
            {"name":"Ops","notify":"digest","digestInterval":"2s","members":[
              {"address":"frank@example.fr","role":"replier"},{"address":"grace@example.fr","role":"reader"}]}
            """).status()).isEqualTo(204);
        server.smtp().deliver("monitor@remote.test",
            SmtpClient.message("monitor@remote.test", "ops@example.fr", "Disk full", "95 %"), "ops@example.fr");
        awaitOne("frank", "[Ops] 1 new message");
        awaitOne("grace", "[Ops] 1 new message");

        assertThat(server.webAdmin().put("/groups/ops@example.fr/members/grace@example.fr",
            "{\"role\":\"reader\",\"notify\":false}").status()).isEqualTo(204);
        JsonNode members = new ObjectMapper().readTree(server.webAdmin().get("/groups/ops@example.fr").body()).at("/group/members");
        assertThat(members.findValues("address")).extracting(JsonNode::asText).containsExactly("frank@example.fr", "grace@example.fr");
        assertThat(members.findValues("notify")).extracting(JsonNode::asBoolean).containsExactly(true, false);
        server.smtp().deliver("monitor@remote.test",
            SmtpClient.message("monitor@remote.test", "ops@example.fr", "Disk full again", "99 %"), "ops@example.fr");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
            .until(() -> inbox("frank").size() == 2);
        assertThat(inbox("frank").get(1).text()).contains("Disk full again");
        assertStaysAt("grace", 1);
    }

    /** Waits (30 s at most) for a message with this subject in the member's INBOX and answers the only one. */
    private static Received awaitOne(String member, String subject) {
        List<Received> found = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
            .until(() -> inbox(member).stream().filter(message -> message.subject().equals(subject)).toList(),
                matching -> !matching.isEmpty());
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    /** The member's INBOX holds {@code count} messages for {@link #QUIET}: no further summary and no loop. */
    private static void assertStaysAt(String member, int count) {
        await().during(QUIET).atMost(QUIET.plusSeconds(10)).pollInterval(Duration.ofMillis(500))
            .until(() -> inbox(member).size(), size -> size == count);
    }

    private static List<Received> inbox(String member) throws MessagingException, IOException {
        return messages(member, "INBOX");
    }

    private static List<Received> messages(String member, String folderName) throws MessagingException, IOException {
        try (Store store = server.imap().login(member + "@example.fr", member + "-secret")) {
            Folder folder = store.getFolder(folderName);
            folder.open(Folder.READ_ONLY);
            try {
                List<Received> received = new ArrayList<>();
                for (Message message : folder.getMessages()) {
                    received.add(new Received(message.getSubject(), String.valueOf(message.getContent()),
                        message.getHeader("Auto-Submitted"), message.getFrom()[0].toString()));
                }
                return received;
            } finally {
                folder.close(false);
            }
        }
    }
}
