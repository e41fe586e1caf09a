package io.groupmailbox.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.time.Duration;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.store.FSDirectory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.Inbox;
import io.groupmailbox.server.testing.SmtpClient;

/**
 * The search index on disk holds a delivered message within seconds, while the server runs: what a crash
 * would leave behind. (James 3.8.1's index commits only when it is closed.)
 */
class SearchIndexCommitTest {

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @Test
    void aDeliveredMessageReachesTheCommittedIndexWhileTheServerRuns() throws Exception {
        server.webAdmin().createDomain("example.fr")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("bob@example.fr", "bob-secret");
        int before = committedDocuments();

        server.smtp().submit("alice@example.fr", "alice-secret",
            SmtpClient.message("alice@example.fr", "bob@example.fr", "Indexed", "Find me"));
        Inbox.awaitSubject(server.imap(), "bob@example.fr", "bob-secret", "INBOX", "Indexed");

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
            .until(SearchIndexCommitTest::committedDocuments, committed -> committed > before);
    }

    /** Documents in the last commit of the index directory, as a process starting after a crash would see them. */
    private static int committedDocuments() throws Exception {
        File directory = server.dataDirectory().resolve("lucene").toFile();
        if (!IndexReader.indexExists(FSDirectory.open(directory))) {
            return 0;
        }
        try (IndexReader reader = IndexReader.open(FSDirectory.open(directory))) {
            return reader.numDocs();
        }
    }
}
