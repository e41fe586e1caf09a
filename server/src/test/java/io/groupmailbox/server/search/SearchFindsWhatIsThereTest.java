package io.groupmailbox.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UnsupportedEncodingException;
import java.util.Arrays;
import java.util.List;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Store;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.mail.search.BodyTerm;
import javax.mail.search.FromStringTerm;
import javax.mail.search.HeaderTerm;
import javax.mail.search.RecipientStringTerm;
import javax.mail.search.SearchTerm;
import javax.mail.search.SubjectTerm;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.ImapTranscript;
import io.groupmailbox.server.testing.Inbox;
import io.groupmailbox.server.testing.SmtpClient;

/**
 * IMAP SEARCH is a substring match (RFC 3501 6.4.4): a phrase of common words, an address, its domain or part of
 * its local part find the message that holds them, in English and in French ({@link TextQueries}).
 */
class SearchFindsWhatIsThereTest {

    private static final String PRINTER = "printer is out of paper tok8a";
    private static final String BOUNCE = "Undelivered Mail Returned to Sender abc";
    private static final String FRENCH = "l'imprimante du deuxième étage n'a plus de papier depuis ce matin";
    private static final String OTHER = "Weekly report";
    private static final String LONG_LINE = "Facture n°42 réglée";

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void deliver() throws Exception {
        server.webAdmin().createDomain("example.fr").createUser("bob@example.fr", "bob-secret");
        deliver("Service Client <customer@outside.test>", PRINTER,
            "Hello,\nthe printer is out of paper again since this morning, and the toner is low.\n");
        deliver("MAILER-DAEMON@mx.example.com", BOUNCE,
            "This is the mail system at host mx.example.com.\nI'm sorry to have to inform you that your message could not be delivered.\n");
        deliver("Zoé Durand <zoe.durand@fournisseur.example>", FRENCH,
            "Bonjour,\nle service est fermé pour la journée à cause de la grève des transports.\n");
        MimeMessage traced = SmtpClient.message("billing@factures.test", "Bob <bob@example.fr>", LONG_LINE, "Ci-joint.\n");
        // One header line over mime4j's default limit of 1,000 characters (a tracking token, a long list of ids...)
        traced.setHeader("X-Trace", "t".repeat(1_500));
        traced.saveChanges();
        server.smtp().deliver("billing@factures.test", traced, "bob@example.fr");
        deliver("Reports <reports@internal.test>", OTHER, "Nothing to see here: out of office, paper-free week.\n");
        Inbox.awaitSubject(server.imap(), "bob@example.fr", "bob-secret", "INBOX", OTHER);
    }

    private static void deliver(String from, String subject, String body) throws MessagingException, UnsupportedEncodingException {
        MimeMessage message = SmtpClient.message("sender@outside.test", "Bob <bob@example.fr>", subject, body);
        // As a mail client writes it: a display name with accents as an RFC 2047 encoded-word, not raw 8-bit.
        InternetAddress parsed = new InternetAddress(from);
        message.setFrom(new InternetAddress(parsed.getAddress(), parsed.getPersonal(), "UTF-8"));
        message.saveChanges();
        server.smtp().deliver("sender@outside.test", message, "bob@example.fr");
    }

    @Test
    void aPhraseOfCommonWordsFindsItsMessage() throws Exception {
        assertThat(search(new SubjectTerm(PRINTER))).containsExactly(PRINTER);
        assertThat(search(new SubjectTerm("printer is out of paper"))).containsExactly(PRINTER);
        assertThat(search(new BodyTerm("is out of paper again"))).containsExactly(PRINTER);
        assertThat(search(new BodyTerm("the printer is out of paper again since this"))).containsExactly(PRINTER);
        assertThat(search(new SubjectTerm(BOUNCE))).containsExactly(BOUNCE);
        assertThat(search(new SubjectTerm("Returned to Sender"))).containsExactly(BOUNCE);
        assertThat(search(new BodyTerm("I'm sorry to have to inform you that"))).containsExactly(BOUNCE);
        // the words alone are in another message too, but not as this phrase
        assertThat(search(new BodyTerm("out of paper"))).containsExactly(PRINTER);
    }

    @Test
    void aMessageWithAHeaderLineOverAThousandCharactersIsIndexedWhole() throws Exception {
        assertThat(search(new SubjectTerm("facture n°42 réglée"))).containsExactly(LONG_LINE);
        assertThat(search(new BodyTerm("ci-joint"))).containsExactly(LONG_LINE);
    }

    @Test
    void aFrenchPhraseFindsItsMessage() throws Exception {
        assertThat(search(new SubjectTerm("n'a plus de papier depuis ce matin"))).containsExactly(FRENCH);
        assertThat(search(new SubjectTerm("deuxième étage"))).containsExactly(FRENCH);
        assertThat(search(new BodyTerm("est fermé pour la journée à cause de la grève"))).containsExactly(FRENCH);
        assertThat(search(new BodyTerm("à cause de la"))).containsExactly(FRENCH);
    }

    @Test
    void anAddressItsDomainAndPartOfItsLocalPartFindTheSender() throws Exception {
        assertThat(search(new FromStringTerm("customer@outside.test"))).containsExactly(PRINTER);
        assertThat(search(new FromStringTerm("outside.test"))).containsExactly(PRINTER);
        assertThat(search(new FromStringTerm("custom"))).containsExactly(PRINTER);
        assertThat(search(new FromStringTerm("Service Client"))).containsExactly(PRINTER);
        assertThat(search(new FromStringTerm("example.com"))).containsExactly(BOUNCE);
        assertThat(search(new FromStringTerm("durand@fournisseur"))).containsExactly(FRENCH);
        assertThat(search(new HeaderTerm("From", "outside.test"))).containsExactly(PRINTER);
        assertThat(search(new HeaderTerm("From", "example.com"))).containsExactly(BOUNCE);
        assertThat(search(new RecipientStringTerm(Message.RecipientType.TO, "bob@example.fr"))).hasSize(5);
        assertThat(search(new RecipientStringTerm(Message.RecipientType.TO, "example.fr"))).hasSize(5);
        assertThat(search(new FromStringTerm("nobody@outside.test"))).isEmpty();
    }

    @Test
    void rawSearchCommandsFindTheSameOverTheWire() throws Exception {
        String transcript = ImapTranscript.run(server.imap(), "bob@example.fr", "bob-secret",
            "SELECT INBOX",
            "UID SEARCH SUBJECT tok8a",
            "UID SEARCH SUBJECT abc",
            "UID SEARCH TEXT \"is out of paper again\"",
            "UID SEARCH TEXT \"customer@outside.test\"",
            "UID SEARCH FROM example.com",
            "UID SEARCH HEADER From example.com",
            "UID SEARCH TO support@example.fr");
        String printer = uid(transcript, 1);
        String bounce = uid(transcript, 2);

        assertThat(uid(transcript, 3)).isEqualTo(printer);
        assertThat(uid(transcript, 4)).isEqualTo(printer);
        assertThat(uid(transcript, 5)).isEqualTo(bounce);
        assertThat(uid(transcript, 6)).isEqualTo(bounce);
        assertThat(ImapTranscript.responses(transcript, 7)).contains("* SEARCH");
    }

    private static String uid(String transcript, int command) {
        List<String> found = ImapTranscript.responses(transcript, command).stream()
            .filter(line -> line.startsWith("* SEARCH ")).toList();
        assertThat(found).hasSize(1);
        assertThat(found.get(0).split(" ")).as("one message found by command %d", command).hasSize(3);
        return found.get(0).split(" ")[2];
    }

    private static List<String> search(SearchTerm term) throws Exception {
        try (Store store = server.imap().login("bob@example.fr", "bob-secret")) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            return Arrays.stream(inbox.search(term)).map(message -> {
                try {
                    return message.getSubject();
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }
}
