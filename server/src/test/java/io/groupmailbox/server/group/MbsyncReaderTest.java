package io.groupmailbox.server.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.ImapTranscript;
import io.groupmailbox.server.testing.Inbox;
import io.groupmailbox.server.testing.SmtpClient;

/**
 * A reader syncs the group's folders with mbsync (isync), configured as the README says, deletes and flags messages
 * locally and syncs again: the server keeps the group's mail as it was, and the reader's copy settles in one state.
 */
class MbsyncReaderTest {

    static final String INBOX = "Groups.Support.INBOX";

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @TempDir
    Path home;

    @BeforeAll
    static void provision() throws Exception {
        server.webAdmin().createDomain("example.fr").createUser("bob@example.fr", "bob-secret");
        server.writeGroupsFile("""
            <groups>
              <group address="support@example.fr" name="Support" notify="none">
                <member address="bob@example.fr" role="reader"/>
              </group>
            </groups>
            """);
        assertThat(server.webAdmin().post("/groups/reload", "").status()).isEqualTo(200);
        for (String subject : List.of("First question", "Second question", "Third question")) {
            server.smtp().deliver("customer@remote.test",
                SmtpClient.message("customer@remote.test", "support@example.fr", subject, "Please answer"), "support@example.fr");
            Inbox.awaitSubject(server.imap(), "bob@example.fr", "bob-secret", INBOX, subject);
        }
    }

    @Test
    void aReaderDeletingAndFlaggingLocallyLeavesTheGroupsMailAloneAndSettles() throws Exception {
        Path config = writeConfig("Sync Pull");
        Path inbox = home.resolve("Mail/Groups/Support/INBOX");

        String first = mbsync(config);
        List<Path> fetched = messages(inbox);
        assertThat(fetched).as(first).hasSize(3);

        Files.delete(fetched.get(0));
        flag(fetched.get(1), inbox);
        String second = mbsync(config);
        TreeSet<String> afterSecond = names(inbox);
        String third = mbsync(config);

        assertThat(names(inbox)).as("the reader's copy is stable:\n" + second + "\n" + third).isEqualTo(afterSecond);
        assertThat(afterSecond).hasSize(2).anyMatch(name -> name.matches(".*:2,[A-Z]*F[A-Z]*"));
        assertGroupsMailUnchanged();
    }

    private static void assertGroupsMailUnchanged() throws Exception {
        String onServer = ImapTranscript.run(server.imap(), "bob@example.fr", "bob-secret",
            "EXAMINE " + INBOX, "FETCH 1:* (FLAGS)");
        assertThat(ImapTranscript.responses(onServer, 0)).contains("* 3 EXISTS");
        assertThat(ImapTranscript.responses(onServer, 1)).filteredOn(line -> line.startsWith("* "))
            .hasSize(3).noneMatch(line -> line.contains("\\Deleted") || line.contains("\\Flagged"));
    }

    /**
     * mbsync ignores PERMANENTFLAGS: with its default {@code Sync All} it sends the reader's local changes, gets
     * {@code NO [NOPERM]} with the reason, and (isync 1.4.4) then stops on an assertion, at every sync. The group's
     * mail stays as it was; the README tells readers to use {@code Sync Pull}.
     */
    @Test
    void withTheDefaultSyncAllTheRefusalReachesTheReaderAndTheGroupsMailStays() throws Exception {
        Path config = writeConfig("Sync All");
        Path inbox = home.resolve("Mail/Groups/Support/INBOX");
        mbsync(config);
        List<Path> fetched = messages(inbox);
        Files.delete(fetched.get(0));
        flag(fetched.get(1), inbox);

        for (int sync = 0; sync < 2; sync++) {
            assertThat(run(config)).contains("NO [NOPERM] STORE in " + INBOX + " needs the right(s) t; bob@example.fr has lrs");
        }

        assertGroupsMailUnchanged();
    }

    /** The README's configuration for a reader, with this test's port, home and the server's self-signed certificate. */
    private Path writeConfig(String sync) throws Exception {
        Path certificate = home.resolve("server.pem");
        Files.writeString(certificate, pem(serverCertificate()));
        Files.createDirectories(home.resolve("Mail"));
        Path config = home.resolve("mbsyncrc");
        Files.writeString(config, """
            IMAPAccount bob
            Host 127.0.0.1
            Port %d
            User bob@example.fr
            Pass bob-secret
            SSLType STARTTLS
            CertificateFile %s

            IMAPStore bob-remote
            Account bob

            MaildirStore bob-local
            Path %s/
            Inbox %s/INBOX
            SubFolders Verbatim

            Channel support
            Far :bob-remote:
            Near :bob-local:
            Patterns Groups/Support/*
            Create Near
            %s
            SyncState *
            """.formatted(server.imap().port(), certificate, home.resolve("Mail"), home.resolve("Mail"), sync));
        return config;
    }

    /** Runs mbsync on every channel of {@code config}; it must succeed. */
    private static String mbsync(Path config) throws IOException, InterruptedException {
        Process process = start(config);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("mbsync finished").isTrue();
        assertThat(process.exitValue()).as("mbsync exit status:\n" + output).isZero();
        return output;
    }

    /** Runs mbsync on every channel of {@code config}, whatever its exit status; returns what it printed. */
    private static String run(Path config) throws IOException, InterruptedException {
        Process process = start(config);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("mbsync finished").isTrue();
        return output;
    }

    private static Process start(Path config) throws IOException {
        return new ProcessBuilder(List.of("mbsync", "-c", config.toString(), "-a")).redirectErrorStream(true).start();
    }

    private static Certificate serverCertificate() throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(server.dataDirectory().resolve("tls/keystore.p12"))) {
            keyStore.load(in, "group-mailbox".toCharArray());
        }
        return keyStore.getCertificate(keyStore.aliases().nextElement());
    }

    private static String pem(Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
    }

    /** The messages of a Maildir folder, in {@code new} and {@code cur}, ordered by file name. */
    private static List<Path> messages(Path folder) throws IOException {
        List<Path> messages = new ArrayList<>();
        for (String part : List.of("new", "cur")) {
            try (Stream<Path> files = Files.list(folder.resolve(part))) {
                messages.addAll(files.toList());
            }
        }
        messages.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return messages;
    }

    private static TreeSet<String> names(Path folder) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        messages(folder).forEach(path -> names.add(path.getParent().getFileName() + "/" + path.getFileName()));
        return names;
    }

    /** Flags a message as a mail client does in a Maildir: into {@code cur} with F among the flags after ":2,". */
    private static void flag(Path message, Path folder) throws IOException {
        String name = message.getFileName().toString();
        int info = name.indexOf(":2,");
        String base = info < 0 ? name : name.substring(0, info);
        TreeSet<Character> flags = new TreeSet<>();
        if (info >= 0) {
            name.substring(info + 3).chars().forEach(flag -> flags.add((char) flag));
        }
        flags.add('F');
        StringBuilder flagged = new StringBuilder(base).append(":2,");
        flags.forEach(flagged::append);
        Files.move(message, folder.resolve("cur").resolve(flagged.toString()));
    }
}
