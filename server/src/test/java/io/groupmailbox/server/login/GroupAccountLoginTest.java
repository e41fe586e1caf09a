package io.groupmailbox.server.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.mail.AuthenticationFailedException;
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
import com.sun.mail.imap.IMAPFolder;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.Inbox;
import io.groupmailbox.server.testing.RawSmtpClient;
import io.groupmailbox.server.testing.SmtpClient;
import io.groupmailbox.server.testing.WebAdminClient;

/**
 * Method 2 over real sockets: members open the group account support@ as a second account, with an app password
 * (LOGIN / AUTH PLAIN / AUTH LOGIN) or with their own password and the group as SASL authorization identity; inside,
 * each keeps their own role's rights, and what they send is attributed to them.
 */
class GroupAccountLoginTest {

    static final String GROUP = "support@example.fr";
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provision() throws Exception {
        server.webAdmin().createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("bob@example.fr", "bob-secret")
            .createUser("carol@example.fr", "carol-secret")
            .createUser("dave@example.fr", "dave-secret")
            .createUser("erin@example.fr", "erin-secret")
            .createUser("customer@example.fr", "customer-secret");
        WebAdminClient.Response group = server.webAdmin().put("/groups/" + GROUP, """
            {"name":"Support","membersMaySend":true,"members":[
              {"address":"alice@example.fr","role":"replier"},
              {"address":"bob@example.fr","role":"reader"},
              {"address":"dave@example.fr","role":"manager"},
              {"address":"erin@example.fr","role":"replier"}]}""");
        assertThat(group.status()).isEqualTo(204);
    }

    @Test
    void anAppPasswordOpensTheGroupInboxAndSendsAsTheGroupAttributedToTheMember() throws Exception {
        String password = appPassword("alice@example.fr", "{\"label\":\"Thunderbird\"}");
        assertThat(password).matches("[a-z2-9]{4}(-[a-z2-9]{4}){5}");
        WebAdminClient.Response listed = server.webAdmin().get("/groups/" + GROUP + "/members/alice@example.fr/appPasswords");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).contains("\"label\":\"Thunderbird\"", "\"created\"", "\"lastUsed\"").doesNotContain(password);

        MimeMessage question = SmtpClient.message("customer@example.fr", GROUP, "Where is order 7?", "?");
        question.setHeader("Message-ID", "<order-7@example.fr>");
        server.smtp().submit("customer@example.fr", "customer-secret", question);
        Inbox.awaitSubject(server.imap(), GROUP, password, "INBOX", "Where is order 7?");

        MimeMessage answer = SmtpClient.message(GROUP, "customer@example.fr", "Re: Where is order 7?", "Shipped.");
        answer.setHeader("In-Reply-To", "<order-7@example.fr>");
        answer.saveChanges();
        answer.setHeader("Message-ID", "<answer-7@example.fr>");
        server.smtp().submit(GROUP, password, answer); // Jakarta Mail picks AUTH LOGIN

        Inbox.awaitSubject(server.imap(), "customer@example.fr", "customer-secret", "INBOX", "Re: Where is order 7?");
        await().atMost(Duration.ofSeconds(30)).until(() -> messages(GROUP, password, "Sent", "Re: Where is order 7?").size() == 1);
        try (Store store = server.imap().login(GROUP, password)) {
            Folder sent = store.getFolder("Sent");
            sent.appendMessages(new Message[] {answer}); // the client saves its own copy too
            sent.open(Folder.READ_ONLY);
            List<Message> copies = find(sent, "Re: Where is order 7?");
            assertThat(copies).hasSize(1);
            assertThat(copies.get(0).getHeader("X-Group-Sent-By")).containsExactly("alice@example.fr");
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message original = find(inbox, "Where is order 7?").get(0);
            assertThat(original.isSet(Flags.Flag.ANSWERED)).isTrue();
            assertThat(original.getFlags().getUserFlags()).contains("$AnsweredBy_alice");
        }
        try (RawSmtpClient.Session smtp = RawSmtpClient.Session.open(server.configuration().submissionPort())) {
            assertThat(smtp.authenticate(GROUP, password).code()).isEqualTo(235); // AUTH PLAIN
        }
    }

    @Test
    void everyMemberLogsInAsTheGroupWithTheirOwnPasswordWithoutADelegation() throws Exception {
        for (String member : List.of("alice", "bob", "dave")) {
            try (Store store = server.imap().loginAs(GROUP, member + "@example.fr", member + "-secret")) {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                assertThat(inbox.getFullName()).isEqualTo("INBOX");
            }
        }
        assertThatThrownBy(() -> server.imap().loginAs(GROUP, "alice@example.fr", "wrong-secret").close())
            .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void aNonMemberGetsNoAppPasswordAndCannotLogInAsTheGroupEvenWithAnAdminDelegation() {
        assertThat(server.webAdmin().post("/groups/" + GROUP + "/members/carol@example.fr/appPasswords", "{}").status())
            .isEqualTo(404);
        assertThat(server.webAdmin().post("/groups/nosuch@example.fr/members/alice@example.fr/appPasswords", "{}").status())
            .isEqualTo(404);
        assertThatThrownBy(() -> server.imap().loginAs(GROUP, "carol@example.fr", "carol-secret").close())
            .isInstanceOf(AuthenticationFailedException.class);
        server.webAdmin().authorize(GROUP, "carol@example.fr");
        assertThatThrownBy(() -> server.imap().loginAs(GROUP, "carol@example.fr", "carol-secret").close())
            .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void aReaderLoggedInAsTheGroupCanReadButNotFlagDeleteExpungeAppendOrMove() throws Exception {
        String bobPassword = appPassword("bob@example.fr", "{}");
        for (Login bob : List.of(Login.appPassword(GROUP, bobPassword), Login.authzid(GROUP, "bob@example.fr", "bob-secret"))) {
            String subject = "For the reader, " + bob.name();
            deliverToGroup(subject);
            markDeletedAsManager(subject);
            try (Store store = bob.open()) {
                IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
                inbox.open(Folder.READ_WRITE);
                Message message = find(inbox, subject).get(0);
                assertThat(message.getSubject()).isEqualTo(subject); // reads
                int count = inbox.getMessageCount();
                assertThatThrownBy(() -> message.setFlag(Flags.Flag.DELETED, false)).as(bob.name()).isInstanceOf(MessagingException.class);
                assertThatThrownBy(() -> message.setFlag(Flags.Flag.FLAGGED, true)).as(bob.name()).isInstanceOf(MessagingException.class);
                assertThatThrownBy(inbox::expunge).as(bob.name()).hasMessageContaining("NO [NOPERM] EXPUNGE")
                    .hasMessageContaining("bob@example.fr, a reader of support@example.fr,")
                    .hasMessageNotContaining("support@example.fr has");
                assertThat(inbox.getMessageCount()).as(bob.name()).isEqualTo(count);
                assertThatThrownBy(() -> inbox.moveMessages(new Message[] {message}, store.getFolder("Sent")))
                    .as(bob.name()).isInstanceOf(MessagingException.class);
                assertThatThrownBy(() -> store.getFolder("Sent").appendMessages(
                        new Message[] {SmtpClient.message(GROUP, "x@example.fr", "Appended by a reader", "no")}))
                    .as(bob.name()).isInstanceOf(MessagingException.class);
                inbox.close(true); // CLOSE expunges nothing either
            }
            // checked by a member without the e right: a manager's CLOSE would expunge it
            assertThat(messages("alice@example.fr", "alice-secret", "Groups.Support.INBOX", subject)).as(bob.name()).hasSize(1);
        }
    }

    @Test
    void onlyAMemberWhoseRoleAllowsItCreatesRenamesOrDeletesTheGroupsFolders() throws Exception {
        String bobPassword = appPassword("bob@example.fr", "{}");
        for (Login bob : List.of(Login.appPassword(GROUP, bobPassword), Login.authzid(GROUP, "bob@example.fr", "bob-secret"))) {
            try (Store store = bob.open()) {
                assertThat(store.getFolder("Sent").delete(false)).as(bob.name()).isFalse();
                assertThat(store.getFolder("Sent").renameTo(store.getFolder("Old"))).as(bob.name()).isFalse();
                assertThat(store.getFolder("Archive").create(Folder.HOLDS_MESSAGES)).as(bob.name()).isFalse();
                assertThat(store.getFolder("Sent").exists()).as(bob.name()).isTrue();
                assertThat(store.getFolder("Archive").exists()).as(bob.name()).isFalse();
            }
        }
        try (Store dave = server.imap().loginAs(GROUP, "dave@example.fr", "dave-secret")) {
            Folder archive = dave.getFolder("Archive");
            assertThat(archive.create(Folder.HOLDS_MESSAGES)).isTrue();
            assertThat(archive.renameTo(dave.getFolder("Archive2"))).isTrue();
            assertThat(dave.getFolder("Archive2").delete(false)).isTrue();
        }
    }

    @Test
    void aReplierLoggedInAsTheGroupCanFlagButNotExpunge() throws Exception {
        String alicePassword = appPassword("alice@example.fr", "{}");
        for (Login alice : List.of(Login.appPassword(GROUP, alicePassword), Login.authzid(GROUP, "alice@example.fr", "alice-secret"))) {
            String subject = "For the replier, " + alice.name();
            deliverToGroup(subject);
            markDeletedAsManager(subject);
            try (Store store = alice.open()) {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_WRITE);
                Message message = find(inbox, subject).get(0);
                message.setFlag(Flags.Flag.FLAGGED, true);
                assertThat(message.isSet(Flags.Flag.FLAGGED)).isTrue();
                int count = inbox.getMessageCount();
                assertThatThrownBy(inbox::expunge).as(alice.name()).hasMessageContaining("NO [NOPERM] EXPUNGE");
                assertThat(inbox.getMessageCount()).as(alice.name()).isEqualTo(count);
            }
            assertThat(messages("bob@example.fr", "bob-secret", "Groups.Support.INBOX", subject)).as(alice.name()).hasSize(1);
        }
    }

    @Test
    void aRevokedAppPasswordIsRefusedAndTheOpenSessionFindsNothingMore() throws Exception {
        deliverToGroup("Before revocation");
        String id = created("erin@example.fr").path("id").asText();
        String password = lastPassword;
        try (Store open = server.imap().login(GROUP, password)) {
            Folder inbox = open.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessageCount()).isPositive();

            assertThat(server.webAdmin().delete("/groups/" + GROUP + "/members/erin@example.fr/appPasswords/" + id).status())
                .isEqualTo(204);

            // the open session's next command finds the folder no more
            assertThatThrownBy(() -> inbox.getMessage(1).getSubject()).isInstanceOf(MessagingException.class);
        }
        assertThatThrownBy(() -> server.imap().login(GROUP, password).close()).isInstanceOf(AuthenticationFailedException.class);
        try (RawSmtpClient.Session smtp = RawSmtpClient.Session.open(server.configuration().submissionPort())) {
            assertThat(smtp.authenticate(GROUP, password).code()).isEqualTo(535);
        }
        assertThat(server.webAdmin().get("/groups/" + GROUP + "/members/erin@example.fr/appPasswords").body()).doesNotContain(id);
    }

    @Test
    void aRemovedMembersAppPasswordIsRefusedOverImapAndSubmission() throws Exception {
        server.webAdmin().createUser("frank@example.fr", "frank-secret");
        assertThat(server.webAdmin().put("/groups/" + GROUP + "/members/frank@example.fr", "{\"role\":\"replier\"}").status()).isEqualTo(204);
        String password = appPassword("frank@example.fr", "{}");
        try (RawSmtpClient.Session smtp = RawSmtpClient.Session.open(server.configuration().submissionPort())) {
            assertThat(smtp.authenticate(GROUP, password).code()).isEqualTo(235);
            server.imap().login(GROUP, password).close();

            assertThat(server.webAdmin().delete("/groups/" + GROUP + "/members/frank@example.fr").status()).isEqualTo(204);

            RawSmtpClient.Reply refused = smtp.send(GROUP, "customer@example.fr",
                message(GROUP, "customer@example.fr", "After removal"));
            assertThat(refused.code()).isEqualTo(530);
        }
        assertThatThrownBy(() -> server.imap().login(GROUP, password).close()).isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> server.imap().loginAs(GROUP, "frank@example.fr", "frank-secret").close())
            .isInstanceOf(AuthenticationFailedException.class);
        assertThat(actions(server.webAdmin().get("/groups/" + GROUP + "/audit?member=frank@example.fr")))
            .containsSubsequence("member-removed", "login", "login", "app-password-created", "member-added");
        assertThat(findEntry(JSON.readTree(server.webAdmin().get("/groups/" + GROUP + "/audit?member=frank@example.fr").body()),
            "member-added").path("method").asText()).isEqualTo("webadmin");
    }

    @Test
    void theAuditRouteListsAMembersActionsNewestFirstFilteredByMemberAndTimeAndPaged() throws Exception {
        String since = java.time.Instant.now().minusSeconds(1).toString();
        String password = appPassword("alice@example.fr", "{\"label\":\"audit\"}");
        server.imap().login(GROUP, password).close();
        MimeMessage sent = SmtpClient.message(GROUP, "customer@example.fr", "Audited answer", "Done.");
        sent.saveChanges();
        sent.setHeader("Message-ID", "<audited@example.fr>");
        server.smtp().submit(GROUP, password, sent);
        String base = "/groups/" + GROUP + "/audit?member=alice@example.fr&since=" + since;
        await().atMost(Duration.ofSeconds(30)).until(() -> actions(server.webAdmin().get(base)).contains("sent"));

        JsonNode all = JSON.readTree(server.webAdmin().get(base).body());
        List<String> actions = actions(server.webAdmin().get(base));
        assertThat(actions).containsSubsequence("sent", "login", "app-password-created");
        assertThat(all.path("entries")).allSatisfy(entry -> assertThat(entry.path("member").asText()).isEqualTo("alice@example.fr"));
        JsonNode sentEntry = findEntry(all, "sent");
        assertThat(sentEntry.path("messageId").asText()).isEqualTo("<audited@example.fr>");
        assertThat(sentEntry.path("subject").asText()).isEqualTo("Audited answer");
        assertThat(sentEntry.path("recipients").asText()).isEqualTo("1");
        assertThat(sentEntry.path("method").asText()).isEqualTo("app-password");
        assertThat(findEntry(all, "login").path("protocol").asText()).isIn("imap", "smtp");
        assertThat(all.path("entries").findValuesAsText("time")).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        // other tests' members act in the same window: bob's page holds bob's entries only, none of alice's
        assertThat(JSON.readTree(server.webAdmin().get("/groups/" + GROUP + "/audit?member=bob@example.fr&since=" + since).body())
            .path("entries")).allSatisfy(entry -> assertThat(entry.path("member").asText()).isEqualTo("bob@example.fr"));
        assertThat(JSON.readTree(server.webAdmin().get(base + "&until=" + since).body()).path("entries")).isEmpty();

        JsonNode page1 = JSON.readTree(server.webAdmin().get(base + "&limit=1").body());
        assertThat(page1.path("entries")).hasSize(1);
        JsonNode page2 = JSON.readTree(server.webAdmin().get(base + "&limit=1&cursor=" + page1.path("next").asText()).body());
        assertThat(page2.path("entries")).hasSize(1);
        assertThat(page2.path("entries").get(0).path("id")).isNotEqualTo(page1.path("entries").get(0).path("id"));
        assertThat(page2.path("entries").get(0).path("id").asText()).isEqualTo(all.path("entries").get(1).path("id").asText());

        for (String bad : List.of("limit=0", "limit=abc", "limit=100000", "since=yesterday", "until=2026-13-01", "cursor=x")) {
            WebAdminClient.Response refused = server.webAdmin().get("/groups/" + GROUP + "/audit?" + bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).path("message").asText()).as(bad).isNotBlank();
        }
    }

    @Test
    void aLoginAsTheGroupRecordsTheClientAddressForEveryWayIn() throws Exception {
        String since = java.time.Instant.now().minusSeconds(1).toString();
        String password = appPassword("erin@example.fr", "{\"label\":\"client address\"}");
        server.imap().login(GROUP, password).close(); // LOGIN
        server.imap().loginAs(GROUP, "erin@example.fr", "erin-secret").close(); // AUTHENTICATE PLAIN, authzid
        try (RawSmtpClient.Session smtp = RawSmtpClient.Session.open(server.configuration().submissionPort())) {
            assertThat(smtp.authenticate(GROUP, password).code()).isEqualTo(235);
        }

        JsonNode page = JSON.readTree(server.webAdmin().get("/groups/" + GROUP + "/audit?member=erin@example.fr&since=" + since).body());
        List<JsonNode> logins = new java.util.ArrayList<>();
        page.path("entries").forEach(entry -> {
            if (entry.path("action").asText().equals("login")) {
                logins.add(entry);
            }
        });
        assertThat(logins).extracting(entry -> entry.path("protocol").asText() + " " + entry.path("method").asText())
            .containsExactlyInAnyOrder("imap app-password", "imap authzid", "smtp app-password");
        assertThat(logins).extracting(entry -> entry.path("client").asText()).containsOnly("127.0.0.1");
    }

    @Test
    void aManagersExpungeAsTheGroupIsAuditedAndTheEntryOutlivesTheMessage() throws Exception {
        String subject = "To be expunged";
        deliverToGroup(subject, "<expunged-1@example.fr>");
        String password = appPassword("dave@example.fr", "{}");
        try (Store store = server.imap().login(GROUP, password)) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            find(inbox, subject).get(0).setFlag(Flags.Flag.DELETED, true);
            inbox.expunge();
            assertThat(find(inbox, subject)).isEmpty();
        }

        String audit = "/groups/" + GROUP + "/audit?member=dave@example.fr";
        await().atMost(Duration.ofSeconds(10)).until(() -> actions(server.webAdmin().get(audit)).contains("expunge"));
        JsonNode entry = findEntry(JSON.readTree(server.webAdmin().get(audit).body()), "expunge");
        assertThat(entry.path("method").asText()).isEqualTo("app-password");
        assertThat(entry.path("folder").asText()).isEqualTo("INBOX");
        assertThat(entry.path("count").asText()).isEqualTo("1");
        assertThat(entry.path("messageIds").asText()).isEqualTo("<expunged-1@example.fr>");
    }

    @Test
    void aMoveOutOfAGroupFolderIsAuditedAsAMoveACopyIsNotAndDeletingAFolderCountsItsMessages() throws Exception {
        // from now on only: dave expunged from the group INBOX in another test, maybe within the last second
        String since = java.time.Instant.now().toString();
        deliverToGroup("To be moved", "<moved-1@example.fr>");
        deliverToGroup("To be moved home", "<moved-2@example.fr>");
        deliverToGroup("To be copied", "<copied-1@example.fr>");
        try (Store store = server.imap().loginAs(GROUP, "dave@example.fr", "dave-secret")) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Folder cases = store.getFolder("Closed cases");
            assertThat(cases.create(Folder.HOLDS_MESSAGES)).isTrue();
            inbox.copyMessages(find(inbox, "To be copied").toArray(Message[]::new), cases);
            inbox.moveMessages(find(inbox, "To be moved").toArray(Message[]::new), cases);
            inbox.close(false);
            assertThat(cases.delete(false)).isTrue();
        }
        try (Store own = server.imap().login("dave@example.fr", "dave-secret")) {
            IMAPFolder groupInbox = (IMAPFolder) own.getFolder("Groups.Support.INBOX");
            groupInbox.open(Folder.READ_WRITE);
            groupInbox.moveMessages(find(groupInbox, "To be moved home").toArray(Message[]::new), own.getFolder("INBOX"));
        }

        String audit = "/groups/" + GROUP + "/audit?member=dave@example.fr&since=" + since;
        await().atMost(Duration.ofSeconds(10)).until(() -> actions(server.webAdmin().get(audit)).contains("delete"));
        JsonNode page = JSON.readTree(server.webAdmin().get(audit).body());
        List<JsonNode> removals = new java.util.ArrayList<>();
        page.path("entries").forEach(entry -> {
            if (List.of("expunge", "move", "copy", "delete").contains(entry.path("action").asText())) {
                removals.add(entry);
            }
        });
        assertThat(removals).extracting(entry -> entry.path("action").asText() + " " + entry.path("method").asText()
                + " " + entry.path("from").asText(entry.path("folder").asText()) + " -> " + entry.path("to").asText()
                + " " + entry.path("count").asText() + " " + entry.path("messageIds").asText())
            .containsExactlyInAnyOrder( // the deletion is recorded from James's event, after the command
                "move member-account INBOX -> INBOX 1 <moved-2@example.fr>",
                "delete authzid Closed cases ->  2 ",
                "move authzid INBOX -> Closed cases 1 <moved-1@example.fr>");
    }

    private static List<String> actions(WebAdminClient.Response response) throws Exception {
        assertThat(response.status()).isEqualTo(200);
        return JSON.readTree(response.body()).path("entries").findValuesAsText("action");
    }

    private static JsonNode findEntry(JsonNode page, String action) {
        for (JsonNode entry : page.path("entries")) {
            if (entry.path("action").asText().equals(action)) {
                return entry;
            }
        }
        throw new AssertionError("no " + action + " in " + page);
    }

    // --- helpers

    record Login(String name, String user, Optional<String> member, String password) {
        static Login appPassword(String group, String password) {
            return new Login("app password", group, Optional.empty(), password);
        }

        static Login authzid(String group, String member, String password) {
            return new Login("authzid", group, Optional.of(member), password);
        }

        Store open() throws MessagingException {
            return member.isPresent()
                ? server.imap().loginAs(user, member.get(), password)
                : server.imap().login(user, password);
        }
    }

    private static String lastPassword;

    private static JsonNode created(String member) throws Exception {
        WebAdminClient.Response response = server.webAdmin().post("/groups/" + GROUP + "/members/" + member + "/appPasswords", "{}");
        assertThat(response.status()).isEqualTo(201);
        JsonNode body = JSON.readTree(response.body());
        lastPassword = body.path("password").asText();
        return body;
    }

    static String appPassword(String member, String body) throws Exception {
        WebAdminClient.Response response = server.webAdmin().post("/groups/" + GROUP + "/members/" + member + "/appPasswords", body);
        assertThat(response.status()).isEqualTo(201);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.path("id").asText()).isNotBlank();
        return json.path("password").asText();
    }

    private static void deliverToGroup(String subject) throws Exception {
        deliverToGroup(subject, "<" + java.util.UUID.randomUUID() + "@example.fr>");
    }

    private static void deliverToGroup(String subject, String messageId) throws Exception {
        MimeMessage message = SmtpClient.message("customer@example.fr", GROUP, subject, "hello");
        message.saveChanges();
        message.setHeader("Message-ID", messageId);
        server.smtp().submit("customer@example.fr", "customer-secret", message);
        Inbox.awaitSubject(server.imap(), "dave@example.fr", "dave-secret", "Groups.Support.INBOX", subject);
    }

    /** The manager (all rights, in their own account) marks the message \Deleted, for a member's EXPUNGE to find. */
    private static void markDeletedAsManager(String subject) throws MessagingException {
        try (Store store = server.imap().login("dave@example.fr", "dave-secret")) {
            Folder inbox = store.getFolder("Groups.Support.INBOX");
            inbox.open(Folder.READ_WRITE);
            find(inbox, subject).get(0).setFlag(Flags.Flag.DELETED, true);
            inbox.close(false);
        }
    }

    static List<Message> messages(String user, String password, String folder, String subject) throws MessagingException {
        try (Store store = server.imap().login(user, password)) {
            Folder opened = store.getFolder(folder);
            opened.open(Folder.READ_ONLY);
            List<Message> found = find(opened, subject);
            found.forEach(message -> {
                try {
                    message.getSubject();
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            });
            return found;
        }
    }

    static List<Message> find(Folder folder, String subject) throws MessagingException {
        return Arrays.stream(folder.getMessages()).filter(message -> {
            try {
                return subject.equals(message.getSubject());
            } catch (MessagingException e) {
                return false;
            }
        }).toList();
    }

    private static byte[] message(String from, String to, String subject) throws Exception {
        MimeMessage message = SmtpClient.message(from, to, subject, "text");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        message.writeTo(out);
        return out.toString(StandardCharsets.US_ASCII).getBytes(StandardCharsets.US_ASCII);
    }
}
