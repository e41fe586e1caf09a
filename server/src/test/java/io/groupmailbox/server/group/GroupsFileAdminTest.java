package io.groupmailbox.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.MailboxPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.sun.mail.smtp.SMTPAddressFailedException;

import io.groupmailbox.group.Rights;
import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.Inbox;
import io.groupmailbox.server.testing.SmtpClient;
import io.groupmailbox.server.testing.StoreProbe;
import io.groupmailbox.server.testing.WebAdminClient;

/** What an admin sees when editing conf/groups.xml and reloading it. */
class GroupsFileAdminTest {

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    static final String VALID = """
        <groups>
          <group address="support@example.fr" name="Support" senderMode="send-as" membersMaySend="true" notify="each">
            <signature>-- \\nThe Support team</signature>
            <member address="alice@example.fr" role="replier"/>
            <member address="bob@example.fr" role="reader" notify="false">
              <folder name="Sent" rights="lr"/>
            </member>
          </group>
        </groups>
        """;

    @BeforeAll
    static void provision() {
        server.webAdmin().createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("bob@example.fr", "bob-secret")
            .createUser("carol@example.fr", "carol-secret");
    }

    @BeforeEach
    void applyValidFile() throws Exception {
        writeGroups(VALID);
        assertThat(server.webAdmin().post("/groups/reload", "").status()).isEqualTo(200);
    }

    @Test
    void reloadAppliesTheFileAndWebAdminShowsTheGroup() {
        WebAdminClient.Response group = server.webAdmin().get("/groups/support@example.fr");

        assertThat(group.status()).isEqualTo(200);
        assertThat(group.body())
            .contains("\"name\":\"Support\"", "\"senderMode\":\"send-as\"", "\"membersMaySend\":true", "\"origin\":\"configuration\"")
            .contains("\"alice@example.fr\":{\"INBOX\":\"lrswi\",\"Sent\":\"lrswi\"}")
            .contains("\"bob@example.fr\":{\"INBOX\":\"lrs\",\"Sent\":\"lr\"}")
            .contains("\"messages\":{\"INBOX\":0,\"Sent\":0}");
        assertThat(server.webAdmin().get("/groups").body()).contains("{\"address\":\"support@example.fr\",\"name\":\"Support\",\"origin\":\"configuration\",\"members\":2}");
    }

    @Test
    void membersGetExactlyTheRightsOfTheirRoleOnTheGroupFolders() throws Exception {
        assertThat(rightsOf("alice@example.fr", "INBOX")).isEqualTo("lrswi");
        assertThat(rightsOf("bob@example.fr", "INBOX")).isEqualTo("lrs");
        assertThat(rightsOf("bob@example.fr", "Sent")).isEqualTo("lr");
        assertThat(rightsOf("carol@example.fr", "INBOX")).isEmpty();
    }

    @Test
    void aMemberRemovedFromTheFileLosesAccessAtReloadAndGetsItBackWhenAddedAgain() throws Exception {
        writeGroups(VALID.replaceAll("(?s)<member address=\"bob@example.fr\".*?</member>", ""));
        assertThat(server.webAdmin().post("/groups/reload", "").status()).isEqualTo(200);
        assertThat(rightsOf("bob@example.fr", "INBOX")).isEmpty();

        writeGroups(VALID);
        assertThat(server.webAdmin().post("/groups/reload", "").status()).isEqualTo(200);
        assertThat(rightsOf("bob@example.fr", "INBOX")).isEqualTo("lrs");
    }

    @Test
    void membershipChangesOfAReloadAreAuditedWithTheFileAsTheirSource() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        String audit = "/groups/support@example.fr/audit?limit=1000";
        long before = json.readTree(server.webAdmin().get(audit).body()).path("entries").path(0).path("id").asLong(0);
        writeGroups(VALID.replaceAll("(?s)<member address=\"bob@example.fr\".*?</member>", "")
            .replace("<member address=\"alice@example.fr\" role=\"replier\"/>",
                "<member address=\"alice@example.fr\" role=\"reader\"/><member address=\"carol@example.fr\" role=\"manager\"/>"));
        assertThat(server.webAdmin().post("/groups/reload", "").status()).isEqualTo(200);
        assertThat(server.webAdmin().post("/groups/reload", "").status()).isEqualTo(200); // unchanged: nothing recorded

        List<String> entries = new java.util.ArrayList<>();
        json.readTree(server.webAdmin().get(audit).body()).path("entries").forEach(entry -> {
            if (entry.path("id").asLong() > before) {
                entries.add(entry.path("member").asText() + " " + entry.path("action").asText()
                    + " " + entry.path("method").asText() + " " + entry.path("role").asText() + " " + entry.path("previousRole").asText());
            }
        });
        assertThat(entries).containsExactlyInAnyOrder(
            "bob@example.fr member-removed groups.xml  reader",
            "alice@example.fr member-changed groups.xml reader replier",
            "carol@example.fr member-added groups.xml manager ");
    }

    @Test
    void aGroupOfTheFileIsReadOnlyOverWebAdmin() {
        WebAdminClient.Response put = server.webAdmin().put("/groups/support@example.fr", "{\"members\":[]}");
        WebAdminClient.Response delete = server.webAdmin().delete("/groups/support@example.fr");

        assertThat(put.status()).isEqualTo(409);
        assertThat(put.body()).contains("groups.xml");
        assertThat(delete.status()).isEqualTo(409);
    }

    /** Like James's own routes: a body not declared as JSON is refused, and nothing is created. */
    @Test
    void aGroupBodyNotDeclaredAsJsonIsRefusedWith415() {
        String json = "{\"name\":\"Typed\",\"members\":[{\"address\":\"bob@example.fr\",\"role\":\"reader\"}]}";
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded"}) {
            WebAdminClient.Response put = server.webAdmin().put("/groups/typed@example.fr", json, type);

            assertThat(put.status()).as(type).isEqualTo(415);
            assertThat(put.body()).as(type).contains("\"statusCode\":415", "application/json");
        }
        assertThat(server.webAdmin().get("/groups/typed@example.fr").status()).isEqualTo(404);

        assertThat(server.webAdmin().put("/groups/typed@example.fr", json).status()).isEqualTo(204);
        assertThat(server.webAdmin().put("/groups/typed@example.fr/members/carol@example.fr", "{\"role\":\"reader\"}",
            "text/plain").status()).isEqualTo(415);
        assertThat(server.webAdmin().get("/groups/typed@example.fr").body()).doesNotContain("carol@example.fr");
    }

    /** DELETE removes the group and its account, keeps its mail; the address can be a group again and finds it. */
    @Test
    void aDeletedGroupsAddressCanBecomeAGroupAgainAndFindsItsMail() throws Exception {
        String json = "{\"name\":\"Reused\",\"members\":[{\"address\":\"bob@example.fr\",\"role\":\"reader\"}]}";
        assertThat(server.webAdmin().put("/groups/reused@example.fr", json).status()).isEqualTo(204);
        server.smtp().deliver("customer@remote.test",
            SmtpClient.message("customer@remote.test", "reused@example.fr", "Kept across", "x"), "reused@example.fr");
        Inbox.awaitSubject(server.imap(), "bob@example.fr", "bob-secret", "Groups.Reused.INBOX", "Kept across");

        assertThat(server.webAdmin().delete("/groups/reused@example.fr").status()).isEqualTo(204);
        // the address is no one's now: mail to it is refused at RCPT (the users cache holds for a few seconds)
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
            assertThatThrownBy(() -> server.smtp().deliver("customer@remote.test",
                SmtpClient.message("customer@remote.test", "reused@example.fr", "After the delete", "x"), "reused@example.fr"))
                .hasCauseInstanceOf(SMTPAddressFailedException.class));

        assertThat(server.webAdmin().put("/groups/reused@example.fr", json).status()).isEqualTo(204);
        assertThat(Inbox.awaitSubject(server.imap(), "bob@example.fr", "bob-secret", "Groups.Reused.INBOX", "Kept across"))
            .hasSize(1);
    }

    @Test
    void anUnknownRoleIsRefusedWithFileAndLineAndThePreviousGroupsStay() throws Exception {
        assertRefused(VALID.replace("role=\"reader\"", "role=\"boss\""),
            "groups.xml, line 5: unknown role 'boss' for member bob@example.fr (expected reader, replier, manager)");
    }

    @Test
    void aBadAddressIsRefused() throws Exception {
        assertRefused(VALID.replace("alice@example.fr", "alice@@example.fr"),
            "groups.xml, line 4: 'alice@@example.fr' is not a valid member address");
    }

    @Test
    void aDuplicateGroupIsRefused() throws Exception {
        assertRefused(VALID.replace("</groups>", "<group address=\"SUPPORT@example.fr\"/>\n</groups>"),
            "groups.xml, line 9: duplicate group support@example.fr (first declared on line 2)");
    }

    @Test
    void aMemberWhoIsNotAUserIsRefused() throws Exception {
        assertRefused(VALID.replace("alice@example.fr", "nobody@example.fr"),
            "groups.xml, line 4: member nobody@example.fr is not a user");
    }

    @Test
    void aGroupThatIsAMemberOfItselfIsRefused() throws Exception {
        assertRefused(VALID.replace("alice@example.fr", "support@example.fr"),
            "groups.xml, line 4: the group support@example.fr cannot be a member of itself");
    }

    @Test
    void aDigestIntervalUnderOneSecondIsRefused() throws Exception {
        assertRefused(VALID.replace("notify=\"each\"", "notify=\"digest\" digestInterval=\"500ms\""),
            "groups.xml, line 2: digestInterval must be at least 1s, not '500ms'");
    }

    @Test
    void aDigestIntervalUnderOneSecondIsRefusedOverWebAdmin() {
        WebAdminClient.Response put = server.webAdmin().put("/groups/rest@example.fr", "{\"notify\":\"digest\",\"digestInterval\":\"PT0.5S\"}");

        assertThat(put.status()).isEqualTo(400);
        assertThat(put.body()).contains("digestInterval must be at least 1s, not 'PT0.5S'");
    }

    @Test
    void malformedXmlIsRefusedWithTheLine() throws Exception {
        assertRefused(VALID.replace("<member address=\"alice@example.fr\" role=\"replier\"/>", "<member address=\"alice@example.fr\" role=\"replier\">"),
            "groups.xml, line");
    }

    @Test
    void aGroupNameTakenByAnotherGroupIsRefusedOverWebAdminWith409() {
        WebAdminClient.Response put = server.webAdmin().put("/groups/help@example.fr", "{\"name\":\"SUPPORT\",\"members\":[]}");

        assertThat(put.status()).isEqualTo(409);
        assertThat(put.body()).contains("\"message\":\"the name 'SUPPORT' is already used by group support@example.fr");
        assertThat(server.webAdmin().get("/groups/help@example.fr").status()).isEqualTo(404);
    }

    @Test
    void aGroupNameThatIsNotOneFolderNameIsRefusedOverWebAdminWith400() {
        for (String name : new String[] {"Help.desk", "Help/desk", "Help*", "", "%"}) {
            WebAdminClient.Response put = server.webAdmin().put("/groups/help@example.fr", "{\"name\":\"" + name + "\",\"members\":[]}");

            assertThat(put.status()).as(name).isEqualTo(400);
            assertThat(put.body()).as(name).contains("\"message\":").contains("group name");
        }
        assertThat(server.webAdmin().get("/groups/help@example.fr").status()).isEqualTo(404);
    }

    @Test
    void aFileGroupNamedLikeAWebAdminGroupIsRefusedWithFileAndLine() throws Exception {
        assertThat(server.webAdmin().put("/groups/sales@example.fr", "{\"name\":\"Sales\",\"members\":[]}").status()).isEqualTo(204);
        try {
            assertRefused(VALID.replace("</groups>", "<group address=\"ventes@example.fr\" name=\"sales\"/>\n</groups>"),
                "groups.xml, line 9: the name 'sales' is already used by group sales@example.fr");
        } finally {
            assertThat(server.webAdmin().delete("/groups/sales@example.fr").status()).isEqualTo(204);
        }
    }

    @Test
    void twoFileGroupsWithTheSameNameAreRefused() throws Exception {
        assertRefused(VALID.replace("</groups>", "<group address=\"help@example.fr\" name=\"support\"/>\n</groups>"),
            "groups.xml, line 9: group name 'support' is already used by support@example.fr (line 2)");
    }

    private void assertRefused(String content, String expectedMessage) throws Exception {
        writeGroups(content);

        WebAdminClient.Response reload = server.webAdmin().post("/groups/reload", "");

        assertThat(reload.status()).isEqualTo(400);
        assertThat(reload.body()).contains(expectedMessage);
        assertThat(server.webAdmin().get("/groups/support@example.fr").body()).contains("\"bob@example.fr\":{\"INBOX\":\"lrs\"");
        assertThat(rightsOf("alice@example.fr", "INBOX")).isEqualTo("lrswi");
    }

    private String rightsOf(String user, String folder) throws Exception {
        MailboxManager mailboxManager = server.probe(StoreProbe.class).mailboxManager();
        MailboxSession session = mailboxManager.createSystemSession(Username.of(user));
        // canonical RFC 4314 order, James serializes in its enum's order
        return Rights.of(mailboxManager.myRights(MailboxPath.forUser(Username.of("support@example.fr"), folder), session).serialize()).letters();
    }

    static void writeGroups(String content) throws Exception {
        server.writeGroupsFile(content);
    }
}
