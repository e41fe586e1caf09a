package io.groupmailbox.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import javax.mail.Flags;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Store;
import javax.mail.UIDFolder;
import javax.mail.search.AndTerm;
import javax.mail.search.BodyTerm;
import javax.mail.search.FlagTerm;
import javax.mail.search.SubjectTerm;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.Inbox;
import io.groupmailbox.server.testing.SmtpClient;

/**
 * New messages are indexed from the copy their append hands over ({@link AppendedMessages}): IMAP SEARCH over
 * the body, the subject and the flags must find exactly the right message, by its UID, as it did when the index
 * read each message back from the database.
 */
class NewMessageIndexingTest {

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void deliverThreeMessages() throws Exception {
        server.webAdmin().createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("bob@example.fr", "bob-secret");
        for (String word : List.of("apricot", "blueberry", "cherry")) {
            server.smtp().submit("alice@example.fr", "alice-secret",
                SmtpClient.message("alice@example.fr", "bob@example.fr", "Fruit: " + word, "Today we have " + word + " pie."));
        }
        Inbox.awaitSubject(server.imap(), "bob@example.fr", "bob-secret", "INBOX", "Fruit: cherry");
    }

    @Test
    void searchFindsEachNewMessageByItsBodyAndSubject() throws Exception {
        try (Store store = server.imap().login("bob@example.fr", "bob-secret")) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);

            assertThat(subjects(inbox.search(new BodyTerm("blueberry")))).containsExactly("Fruit: blueberry");
            assertThat(subjects(inbox.search(new SubjectTerm("cherry")))).containsExactly("Fruit: cherry");
            assertThat(inbox.search(new BodyTerm("durian"))).isEmpty();
        }
    }

    @Test
    void searchFollowsTheFlagsOfANewMessage() throws Exception {
        try (Store store = server.imap().login("bob@example.fr", "bob-secret")) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message apricot = inbox.search(new SubjectTerm("apricot"))[0];
            long uid = ((UIDFolder) inbox).getUID(apricot);

            apricot.setFlag(Flags.Flag.FLAGGED, true);

            Message[] flagged = inbox.search(new FlagTerm(new Flags(Flags.Flag.FLAGGED), true));
            assertThat(Arrays.stream(flagged).map(message -> uidOf(inbox, message))).containsExactly(uid);
            assertThat(subjects(inbox.search(new AndTerm(new FlagTerm(new Flags(Flags.Flag.FLAGGED), false),
                new BodyTerm("pie"))))).containsExactlyInAnyOrder("Fruit: blueberry", "Fruit: cherry");
        }
    }

    private static List<String> subjects(Message[] messages) throws Exception {
        String[] subjects = new String[messages.length];
        for (int i = 0; i < messages.length; i++) {
            subjects[i] = messages[i].getSubject();
        }
        return List.of(subjects);
    }

    private static long uidOf(Folder folder, Message message) {
        try {
            return ((UIDFolder) folder).getUID(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
