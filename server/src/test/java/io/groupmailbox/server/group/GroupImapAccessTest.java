package io.groupmailbox.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.Flags;
import javax.mail.Folder;
import javax.mail.FolderNotFoundException;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Store;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.sun.mail.imap.IMAPFolder;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.ImapTranscript;
import io.groupmailbox.server.testing.Inbox;
import io.groupmailbox.server.testing.PythonClient;
import io.groupmailbox.server.testing.SmtpClient;
import io.groupmailbox.server.testing.WebAdminClient;

/** Members open the group's folders from their own IMAP account, with their own rights. */
class GroupImapAccessTest {

    static final String INBOX = "Groups.Support.INBOX";
    static final String SENT = "Groups.Support.Sent";

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provision() throws Exception {
        server.webAdmin().createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("bob@example.fr", "bob-secret")
            .createUser("carol@example.fr", "carol-secret")
            .createUser("dave@example.fr", "dave-secret");
        server.writeGroupsFile("""
            <groups>
              <group address="support@example.fr" name="Support" membersMaySend="true">
                <member address="alice@example.fr" role="replier"/>
                <member address="bob@example.fr" role="reader"/>
                <member address="dave@example.fr" role="reader"/>
              </group>
            </groups>
            """);
        assertThat(server.webAdmin().post("/groups/reload", "").status()).isEqualTo(200);
        server.smtp().deliver("customer@remote.test",
            SmtpClient.message("customer@remote.test", "support@example.fr", "My order is late", "Order 4711"),
            "support@example.fr");
        Inbox.awaitSubject(server.imap(), "alice@example.fr", "alice-secret", INBOX, "My order is late");
    }

    @Test
    void membersListAndReadTheGroupInboxFromTheirOwnAccount() throws Exception {
        for (String member : new String[] {"alice", "bob"}) {
            try (Store store = server.imap().login(member + "@example.fr", member + "-secret")) {
                assertThat(Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName))
                    .contains("INBOX", INBOX, SENT);
                Folder inbox = store.getFolder(INBOX);
                inbox.open(Folder.READ_ONLY);
                assertThat(Arrays.stream(inbox.getMessages()).map(GroupImapAccessTest::subject)).contains("My order is late");
            }
        }
    }

    @Test
    void pythonImaplibSeesTheSameFolderUnderItsMountedName() throws Exception {
        String output = PythonClient.run("imap_group.py", String.valueOf(server.imap().port()), "bob@example.fr", "bob-secret", INBOX);

        assertThat(output)
            .contains("list=", INBOX, SENT)
            .containsPattern("lsub=.*" + INBOX.replace(".", "\\.") + ",.*" + SENT.replace(".", "\\."))
            .contains("select=OK")
            .contains("subjects=My order is late")
            .contains("status=\"" + INBOX + "\" (MESSAGES")
            .contains("store-flagged=NO");
    }

    @Test
    void aNonMemberNeitherListsNorSelectsTheGroupFoldersAndKeepsTheConnection() throws Exception {
        String output = PythonClient.run("imap_group.py", String.valueOf(server.imap().port()), "carol@example.fr", "carol-secret", INBOX);

        assertThat(output).doesNotContain(INBOX + ",").doesNotContain("Groups.Support")
            .contains("select=NO").contains("noop=OK");
        try (Store store = server.imap().login("carol@example.fr", "carol-secret")) {
            assertThatThrownBy(() -> store.getFolder(INBOX).open(Folder.READ_ONLY)).isInstanceOf(FolderNotFoundException.class);
            assertThat(store.getFolder("INBOX").exists()).isTrue();
        }
    }

    @Test
    void aReaderCannotFlagDeleteAppendMoveOrExpunge() throws Exception {
        try (Store store = server.imap().login("bob@example.fr", "bob-secret")) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder(INBOX);
            inbox.open(Folder.READ_WRITE);
            Message message = inbox.getMessage(1);
            assertThatThrownBy(() -> message.setFlag(Flags.Flag.FLAGGED, true)).isInstanceOf(MessagingException.class);
            assertThatThrownBy(() -> message.setFlag(Flags.Flag.DELETED, true)).isInstanceOf(MessagingException.class);
            int count = inbox.getMessageCount();
            assertThatThrownBy(inbox::expunge).isInstanceOf(MessagingException.class); // NO [NOPERM]: no e right
            assertThat(inbox.getMessageCount()).isEqualTo(count);
            assertThatThrownBy(() -> inbox.moveMessages(new Message[] {message}, store.getFolder("INBOX")))
                .isInstanceOf(MessagingException.class);
            assertThatThrownBy(() -> inbox.appendMessages(new Message[] {note("From bob")})).isInstanceOf(MessagingException.class);
            inbox.close(false);
        }
    }

    @Test
    void aReplierFlagsButNeitherExpungesNorMovesOut() throws Exception {
        try (Store store = server.imap().login("alice@example.fr", "alice-secret")) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder(INBOX);
            inbox.open(Folder.READ_WRITE);
            Message message = inbox.getMessage(1);
            message.setFlag(Flags.Flag.FLAGGED, true);
            assertThat(message.isSet(Flags.Flag.FLAGGED)).isTrue();
            assertThatThrownBy(() -> message.setFlag(Flags.Flag.DELETED, true)).isInstanceOf(MessagingException.class);
            assertThatThrownBy(() -> inbox.moveMessages(new Message[] {message}, store.getFolder("INBOX")))
                .isInstanceOf(MessagingException.class);
            message.setFlag(Flags.Flag.FLAGGED, false);
            inbox.close(false);
        }
    }

    @Test
    void mountPointsCannotBeCreatedRenamedOrDeleted() throws Exception {
        try (Store store = server.imap().login("alice@example.fr", "alice-secret")) {
            assertThat(store.getFolder("Groups.Other").create(Folder.HOLDS_MESSAGES)).isFalse();
            assertThat(store.getFolder(INBOX).delete(false)).isFalse();
            assertThat(store.getFolder(SENT).renameTo(store.getFolder("Mine"))).isFalse();
            assertThat(store.getFolder(INBOX).exists()).isTrue();
        }
    }

    @Test
    void idleInAMembersSessionSeesANewArrival() throws Exception {
        try (Store store = server.imap().login("alice@example.fr", "alice-secret")) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder(INBOX);
            inbox.open(Folder.READ_ONLY);
            int before = inbox.getMessageCount();
            CompletableFuture<Void> idle = CompletableFuture.runAsync(() -> {
                try {
                    inbox.idle(true);
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(500); // let IDLE start; the assertion below waits for the outcome itself
            server.smtp().deliver("customer@remote.test",
                SmtpClient.message("customer@remote.test", "support@example.fr", "Another question", "?"),
                "support@example.fr");
            idle.get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> inbox.getMessageCount() == before + 1);
        }
    }

    @Test
    void listShowsTheGroupsTreeWithNoselectParents() throws Exception {
        String output = imap("alice", "LIST \"\" \"%\"", "LIST \"\" \"Groups.%\"", "LIST \"\" \"Groups.Support.%\"", "LIST \"\" \"*\"");

        List<String> top = listed(output, 0);
        assertThat(top).contains("INBOX", "Groups").doesNotContain("Groups.Support", INBOX);
        assertThat(attributes(output, 0, "Groups")).contains("\\Noselect", "\\HasChildren");
        assertThat(listed(output, 1)).containsExactly("Groups.Support");
        assertThat(attributes(output, 1, "Groups.Support")).contains("\\Noselect", "\\HasChildren");
        assertThat(listed(output, 2)).containsExactlyInAnyOrder(INBOX, SENT);
        assertThat(attributes(output, 2, INBOX)).doesNotContain("\\Noselect").contains("\\HasNoChildren");
        assertThat(listed(output, 3)).containsSubsequence("Groups", "Groups.Support", INBOX, SENT);

        try (Store store = server.imap().login("alice@example.fr", "alice-secret")) {
            Folder groups = store.getFolder("Groups");
            assertThat(groups.getType() & Folder.HOLDS_MESSAGES).as("\\Noselect").isZero();
            assertThat(Arrays.stream(groups.list("%")).map(Folder::getFullName)).containsExactly("Groups.Support");
            assertThat(Arrays.stream(store.getFolder("Groups.Support").list("%")).map(Folder::getFullName))
                .containsExactlyInAnyOrder(INBOX, SENT);
        }
    }

    @Test
    void noselectParentsCannotBeSelectedCreatedRenamedOrDeleted() throws Exception {
        String output = imap("alice", "SELECT Groups", "SELECT Groups.Support", "EXAMINE Groups.Support",
            "CREATE Groups", "CREATE Groups.Support", "CREATE Groups.Support.Archive", "DELETE Groups", "DELETE Groups.Support",
            "RENAME Groups.Support Mine", "RENAME Groups Mine", "NOOP", "LIST \"\" \"Groups*\"");

        for (int command = 0; command < 10; command++) {
            assertThat(completion(output, command)).as(command(output, command)).startsWith("NO");
        }
        assertThat(completion(output, 10)).startsWith("OK");
        assertThat(listed(output, 11)).containsExactly("Groups", "Groups.Support", INBOX, SENT);
    }

    @Test
    void aNonMemberSeesNoGroupsParent() throws Exception {
        String output = imap("carol", "LIST \"\" \"*\"", "SELECT Groups", "NOOP");

        assertThat(listed(output, 0)).contains("INBOX").noneMatch(name -> name.startsWith("Groups"));
        assertThat(completion(output, 1)).startsWith("NO");
        assertThat(completion(output, 2)).startsWith("OK");
    }

    @Test
    void listReturnMyRightsReportsTheMembersRealRightsLikeMyRights() throws Exception {
        for (String[] member : new String[][] {{"alice", "ilrsw"}, {"bob", "lrs"}}) {
            String output = imap(member[0], "LIST \"\" \"*\" RETURN (MYRIGHTS)", "MYRIGHTS " + INBOX, "MYRIGHTS " + SENT, "MYRIGHTS INBOX");

            assertThat(rights(output, 0, INBOX)).as(member[0]).isEqualTo(member[1]).isEqualTo(rights(output, 1, INBOX));
            assertThat(rights(output, 0, SENT)).isEqualTo(member[1]).isEqualTo(rights(output, 2, SENT));
            assertThat(rights(output, 0, "Groups")).isEqualTo("l");
            assertThat(rights(output, 0, "Groups.Support")).isEqualTo("l");
            assertThat(rights(output, 0, "INBOX")).isEqualTo(rights(output, 3, "INBOX")).isEqualTo("aeiklprstwx");
        }
    }

    @Test
    void statusAndListStatusNameTheMountedFolders() throws Exception {
        String output = imap("bob", "LIST \"\" \"*\" RETURN (STATUS (MESSAGES UNSEEN))", "STATUS " + SENT + " (MESSAGES)",
            "STATUS " + INBOX + " (MESSAGES UNSEEN)");

        List<String> statusNames = lines(output, 0).stream().filter(line -> line.startsWith("* STATUS "))
            .map(GroupImapAccessTest::statusName).toList();
        List<String> selectable = listed(output, 0).stream()
            .filter(name -> !attributes(output, 0, name).contains("\\Noselect")).toList();
        assertThat(statusNames).containsExactlyInAnyOrderElementsOf(selectable).contains(INBOX, SENT, "INBOX")
            .doesNotContain("Groups", "Groups.Support").doesNotHaveDuplicates();
        assertThat(lines(output, 1)).anyMatch(line -> line.startsWith("* STATUS \"" + SENT + "\" (MESSAGES "));
        String inboxStatus = lines(output, 2).get(0);
        assertThat(inboxStatus).startsWith("* STATUS \"" + INBOX + "\" (MESSAGES ");
        assertThat(lines(output, 0)).contains(inboxStatus);
        assertThat(completion(output, 0)).startsWith("OK");
    }

    @Test
    void quotaOfAGroupFolderIsTheGroupsQuota() throws Exception {
        assertThat(server.webAdmin().put("/quota/users/support@example.fr/count", "1000").status()).isEqualTo(204);
        assertThat(server.webAdmin().put("/quota/users/bob@example.fr/count", "500").status()).isEqualTo(204);

        String output = imap("bob", "GETQUOTAROOT " + INBOX, "GETQUOTA #private&support@example.fr", "GETQUOTAROOT INBOX");

        assertThat(lines(output, 0)).contains("* QUOTAROOT \"" + INBOX + "\" #private&support@example.fr")
            .anyMatch(line -> line.matches("\\* QUOTA #private&support@example\\.fr \\(MESSAGE [1-9][0-9]* 1000\\)"));
        assertThat(completion(output, 1)).startsWith("OK");
        assertThat(lines(output, 1)).anyMatch(line -> line.contains("(MESSAGE ") && line.endsWith(" 1000)"));
        assertThat(lines(output, 2)).contains("* QUOTAROOT \"INBOX\" #private&bob@example.fr");

        String carol = imap("carol", "GETQUOTA #private&support@example.fr", "GETQUOTAROOT " + INBOX, "NOOP");
        assertThat(completion(carol, 0)).startsWith("NO");
        assertThat(completion(carol, 1)).startsWith("NO");
        assertThat(completion(carol, 2)).startsWith("OK");
    }

    @Test
    void aMembersAppendCountsAgainstTheGroupsQuota() throws Exception {
        try (Store store = server.imap().login("alice@example.fr", "alice-secret")) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder(INBOX);
            int groupMessages = count(inbox) + count(store.getFolder(SENT));
            assertThat(server.webAdmin().put("/quota/users/support@example.fr/count", String.valueOf(groupMessages)).status()).isEqualTo(204);
            try {
                assertThatThrownBy(() -> inbox.appendMessages(new Message[] {note("Over the group's quota")}))
                    .isInstanceOf(MessagingException.class);
            } finally {
                assertThat(server.webAdmin().put("/quota/users/support@example.fr/count", "1000").status()).isEqualTo(204);
            }
            inbox.appendMessages(new Message[] {note("Within the group's quota")});
            assertThat(count(inbox)).isEqualTo(groupMessages - count(store.getFolder(SENT)) + 1);
        }
    }

    @Test
    void webAdminListsOnlyAMembersOwnMailboxes() throws Exception {
        WebAdminClient.Response mailboxes = server.webAdmin().get("/users/dave@example.fr/mailboxes");
        assertThat(mailboxes.status()).isEqualTo(200);
        assertThat(mailboxes.body()).doesNotContain("Groups");
        assertThat(server.webAdmin().get("/users/dave@example.fr/mailboxes/" + INBOX).status()).isEqualTo(404);
        int groupMessages = messageCount("bob");

        assertThat(server.webAdmin().delete("/users/dave@example.fr/mailboxes").status()).isEqualTo(204);

        assertThat(messageCount("bob")).isEqualTo(groupMessages);
        assertThat(listed(imap("dave", "LIST \"\" \"*\""), 0)).contains(INBOX, SENT);
    }

    @Test
    void aReaderCannotCopyOutOfTheGroupButAReplierCan() throws Exception {
        String bob = imap("bob", "SELECT " + INBOX, "COPY 1 INBOX", "UID COPY 1:* INBOX", "NOOP");
        assertThat(completion(bob, 1)).startsWith("NO");
        assertThat(completion(bob, 2)).startsWith("NO");
        assertThat(completion(bob, 3)).startsWith("OK");

        try (Store store = server.imap().login("bob@example.fr", "bob-secret")) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder(INBOX);
            inbox.open(Folder.READ_ONLY);
            Folder own = store.getFolder("INBOX");
            int before = count(own);
            assertThatThrownBy(() -> inbox.copyMessages(new Message[] {inbox.getMessage(1)}, own)).isInstanceOf(MessagingException.class);
            assertThat(count(own)).isEqualTo(before);
        }
        try (Store store = server.imap().login("alice@example.fr", "alice-secret")) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder(INBOX);
            inbox.open(Folder.READ_ONLY);
            Folder own = store.getFolder("INBOX");
            int before = count(own);
            inbox.copyMessages(new Message[] {inbox.getMessage(1)}, own);
            assertThat(count(own)).isEqualTo(before + 1);
            assertThatThrownBy(() -> inbox.moveMessages(new Message[] {inbox.getMessage(1)}, own)).isInstanceOf(MessagingException.class);
        }
    }

    /** Counted in an opened folder: Jakarta Mail caches a closed folder's STATUS for a second. */
    private static int count(Folder folder) throws MessagingException {
        folder.open(Folder.READ_ONLY);
        try {
            return folder.getMessageCount();
        } finally {
            folder.close(false);
        }
    }

    private static int messageCount(String member) throws Exception {
        try (Store store = server.imap().login(member + "@example.fr", member + "-secret")) {
            Folder inbox = store.getFolder(INBOX);
            inbox.open(Folder.READ_ONLY);
            return inbox.getMessageCount();
        }
    }

    /** Runs raw IMAP commands in one session of {@code member}, with python's imaplib. */
    private static String imap(String member, String... commands) throws Exception {
        return ImapTranscript.run(server.imap(), member + "@example.fr", member + "-secret", commands);
    }

    /** The lines answering the {@code index}-th command (untagged responses, then "< " and the completion). */
    private static List<String> lines(String output, int index) {
        return ImapTranscript.responses(output, index);
    }

    private static String command(String output, int index) {
        return ("\n" + output).split("\n> ")[index + 1].lines().findFirst().orElseThrow();
    }

    private static String completion(String output, int index) {
        return lines(output, index).stream().filter(line -> line.startsWith("< ")).findFirst().orElseThrow().substring(2);
    }

    private static final Pattern LIST_LINE = Pattern.compile("^\\* LIST \\(([^)]*)\\) \"\\.\" \"?([^\"]*)\"?$");

    private static List<String> listed(String output, int index) {
        return lines(output, index).stream().map(LIST_LINE::matcher).filter(Matcher::matches).map(matcher -> matcher.group(2)).toList();
    }

    private static String attributes(String output, int index, String name) {
        return lines(output, index).stream().map(LIST_LINE::matcher).filter(Matcher::matches)
            .filter(matcher -> matcher.group(2).equals(name)).map(matcher -> matcher.group(1)).findFirst().orElseThrow();
    }

    /** The rights letters of a MYRIGHTS response for {@code name}, sorted. */
    private static String rights(String output, int index, String name) {
        Pattern myRights = Pattern.compile("^\\* MYRIGHTS \"?" + Pattern.quote(name) + "\"? \"?([a-z]*)\"?$");
        return lines(output, index).stream().map(myRights::matcher).filter(Matcher::matches)
            .map(matcher -> matcher.group(1).chars().sorted()
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString())
            .findFirst().orElseThrow(() -> new AssertionError("no MYRIGHTS for " + name + " in " + lines(output, index)));
    }

    private static String statusName(String line) {
        Matcher matcher = Pattern.compile("^\\* STATUS \"?([^\"(]*?)\"? \\(").matcher(line);
        assertThat(matcher.find()).as(line).isTrue();
        return matcher.group(1);
    }

    private static MimeMessage note(String subject) throws MessagingException {
        return SmtpClient.message("bob@example.fr", "support@example.fr", subject, "x");
    }

    private static String subject(Message message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
