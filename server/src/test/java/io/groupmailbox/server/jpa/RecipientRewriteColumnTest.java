package io.groupmailbox.server.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.Inbox;
import io.groupmailbox.server.testing.SmtpClient;

/**
 * A data directory made before the recipient rewrite table was widened (James 3.8.1's
 * {@code TARGET_ADDRESS VARCHAR(100)}) is migrated in place at start, keeps its mappings, and takes mappings
 * over 100 characters from then on.
 *
 * <p>The fixture {@code fixtures/derby-rrt-varchar100.zip} is the {@code derby/} directory of a server built from
 * the commit before the widening: domains example.fr and example.com (an alias of example.fr, PUT four times, so
 * stored four times), users alice, bob, carol, dave, erin, frank (password {@code <name>-secret}), the address
 * group team@example.fr = alice, bob, carol, dave (83 characters; erin was refused with 500), the alias
 * a.lice@example.fr of alice and the forward of bob to bob@remote.test.
 */
class RecipientRewriteColumnTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension()
        .withConfiguration(configuration -> unzip("fixtures/derby-rrt-varchar100.zip",
            configuration.directory().resolveSibling("data")));

    @BeforeAll
    static void domains() {
        server.webAdmin().createDomain("example.net");
    }

    @Test
    void theMappingsOfTheOldDataDirectoryAreKept() throws Exception {
        assertThat(members("team@example.fr"))
            .contains("alice@example.fr", "bob@example.fr", "carol@example.fr", "dave@example.fr");
        JsonNode mappings = JSON.readTree(server.webAdmin().get("/mappings").body());
        assertThat(mappings.path("a.lice@example.fr").toString()).contains("alice@example.fr");
        assertThat(mappings.path("bob@example.fr").toString()).contains("bob@remote.test");
    }

    @Test
    void anAddressGroupGrowsPastOneHundredCharactersAndItsMailReachesEveryMember() throws Exception {
        for (String member : List.of("erin", "frank", "member-with-a-long-name-one", "member-with-a-long-name-two")) {
            assertThat(server.webAdmin().put("/address/groups/team@example.fr/" + member + "@example.fr").status())
                .as(member).isEqualTo(204);
        }
        assertThat(members("team@example.fr")).hasSize(8);

        server.smtp().deliver("customer@remote.test",
            SmtpClient.message("customer@remote.test", "team@example.fr", "For the whole team", "Hello all."),
            "team@example.fr");
        Inbox.awaitSubject(server.imap(), "frank@example.fr", "frank-secret", "INBOX", "For the whole team");
        Inbox.awaitSubject(server.imap(), "alice@example.fr", "alice-secret", "INBOX", "For the whole team");
    }

    @Test
    void theAliasThatRepeatedPutsStoredFourTimesIsStoredOnce() throws Exception {
        JsonNode mappings = JSON.readTree(server.webAdmin().get("/mappings").body()).path("example.com");

        assertThat(mappings.size()).as(mappings.toString()).isEqualTo(1);
    }

    @Test
    void aRepeatedPutOfADomainAliasIsANoOp() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(server.webAdmin().put("/domains/example.fr/aliases/example.net").status()).isEqualTo(204);
        }

        JsonNode mappings = JSON.readTree(server.webAdmin().get("/mappings").body()).path("example.net");
        assertThat(mappings.size()).as(mappings.toString()).isEqualTo(1);
    }

    private static List<String> members(String group) throws IOException {
        JsonNode members = JSON.readTree(server.webAdmin().get("/address/groups/" + group).body());
        return java.util.stream.StreamSupport.stream(members.spliterator(), false).map(JsonNode::asText).sorted().toList();
    }

    private static void unzip(String resource, Path target) {
        try (InputStream in = RecipientRewriteColumnTest.class.getClassLoader().getResourceAsStream(resource);
             ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path file = target.resolve(entry.getName()).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(zip, file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
