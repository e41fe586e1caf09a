package io.groupmailbox.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.FetchProfile;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Store;
import javax.mail.UIDFolder;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.sun.mail.imap.AppendUID;
import com.sun.mail.imap.IMAPFolder;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.SmtpClient;
import io.groupmailbox.server.testing.WebAdminClient;

/**
 * A member's APPENDs into a group folder and deliveries to the group at the same time: a member's session names the
 * folder {@code Groups.Support.INBOX}, a delivery {@code support's INBOX}; both must be serialized as one mailbox.
 */
class GroupFolderConcurrencyTest {

    static final String INBOX = "Groups.Support.INBOX";
    static final int APPENDS = 100;
    static final int DELIVERIES = 100;

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provision() throws Exception {
        server.webAdmin().createDomain("example.fr").createUser("alice@example.fr", "alice-secret");
        server.writeGroupsFile("""
            <groups>
              <group address="support@example.fr" name="Support">
                <member address="alice@example.fr" role="replier"/>
              </group>
            </groups>
            """);
        assertThat(server.webAdmin().post("/groups/reload", "").status()).isEqualTo(200);
    }

    @Test
    void appendsByAMemberAndDeliveriesToTheGroupGetUniqueIncreasingUids() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Long> appendUids = new CopyOnWriteArrayList<>();
        List<Future<?>> work = new ArrayList<>();
        for (int client = 0; client < 4; client++) {
            int first = client * (APPENDS / 4);
            work.add(clients.submit(() -> appendAsAlice(first, APPENDS / 4, appendUids)));
        }
        for (int client = 0; client < 4; client++) {
            int first = client * (DELIVERIES / 4);
            work.add(clients.submit(() -> deliver(first, DELIVERIES / 4)));
        }
        AtomicBoolean done = new AtomicBoolean();
        List<String> orderViolations = new CopyOnWriteArrayList<>();
        Future<?> watcher = clients.submit(() -> watchUids(done, orderViolations));

        for (Future<?> each : work) {
            each.get(3, TimeUnit.MINUTES);
        }
        awaitCount(APPENDS + DELIVERIES);
        done.set(true);
        watcher.get(1, TimeUnit.MINUTES);
        clients.shutdown();

        assertThat(errorMails()).as("mails in the error repository").isZero();
        List<Long> uids = uidsInSequenceOrder();
        assertThat(uids).hasSize(APPENDS + DELIVERIES).doesNotHaveDuplicates().isSorted();
        assertThat(new TreeSet<>(appendUids)).hasSize(APPENDS);
        assertThat(uids).containsAll(appendUids);
        assertThat(subjects()).containsAll(expectedSubjects());
        assertThat(orderViolations).as("a UID below one already seen appeared later").isEmpty();
    }

    private Void appendAsAlice(int first, int count, List<Long> uids) throws Exception {
        try (Store store = server.imap().login("alice@example.fr", "alice-secret")) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder(INBOX);
            for (int i = first; i < first + count; i++) {
                AppendUID[] appended = inbox.appendUIDMessages(new Message[] {
                    SmtpClient.message("alice@example.fr", "support@example.fr", "append " + i, "note " + i)});
                uids.add(appended[0].uid);
            }
        }
        return null;
    }

    private Void deliver(int first, int count) throws Exception {
        for (int i = first; i < first + count; i++) {
            server.smtp().deliver("customer@remote.test",
                SmtpClient.message("customer@remote.test", "support@example.fr", "delivery " + i, "question " + i),
                "support@example.fr");
        }
        return null;
    }

    /** What a client polling the folder sees: a new UID is always above every UID it saw before. */
    private Void watchUids(AtomicBoolean done, List<String> violations) throws Exception {
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        long highest = 0;
        try (Store store = server.imap().login("alice@example.fr", "alice-secret")) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder(INBOX);
            inbox.open(Folder.READ_ONLY);
            while (!done.get()) {
                inbox.getMessageCount(); // NOOP: takes the server's new EXISTS
                long previousHighest = highest;
                for (long uid : uids(inbox)) {
                    if (seen.add(uid)) {
                        if (uid < previousHighest) {
                            violations.add("UID " + uid + " appeared after " + previousHighest);
                        }
                        highest = Math.max(highest, uid);
                    }
                }
                Thread.sleep(20); // pacing of the poll, not a wait for an outcome
            }
        }
        return null;
    }

    private static List<Long> uids(IMAPFolder folder) throws Exception {
        Message[] messages = folder.getMessages();
        FetchProfile profile = new FetchProfile();
        profile.add(UIDFolder.FetchProfileItem.UID);
        folder.fetch(messages, profile);
        List<Long> uids = new ArrayList<>();
        for (Message message : messages) {
            uids.add(folder.getUID(message));
        }
        return uids;
    }

    /** Waits for the spool to deliver everything; stops early on a mail in the error repository. */
    private void awaitCount(int expected) {
        try {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> uidsInSequenceOrder().size() >= expected || errorMails() > 0);
        } catch (ConditionTimeoutException e) {
            // the assertions below say how many arrived
        }
    }

    private static int errorMails() {
        WebAdminClient.Response repository = server.webAdmin().get("/mailRepositories/" + WebAdminClient.encode("var/mail/error/"));
        Matcher size = Pattern.compile("\"size\":(\\d+)").matcher(repository.body());
        return repository.status() == 200 && size.find() ? Integer.parseInt(size.group(1)) : 0;
    }

    private List<Long> uidsInSequenceOrder() throws Exception {
        try (Store store = server.imap().login("alice@example.fr", "alice-secret")) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder(INBOX);
            inbox.open(Folder.READ_ONLY);
            return uids(inbox);
        }
    }

    private List<String> subjects() throws Exception {
        try (Store store = server.imap().login("alice@example.fr", "alice-secret")) {
            Folder inbox = store.getFolder(INBOX);
            inbox.open(Folder.READ_ONLY);
            List<String> subjects = new ArrayList<>();
            for (Message message : inbox.getMessages()) {
                subjects.add(message.getSubject());
            }
            return subjects;
        }
    }

    private static List<String> expectedSubjects() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < APPENDS; i++) {
            expected.add("append " + i);
        }
        for (int i = 0; i < DELIVERIES; i++) {
            expected.add("delivery " + i);
        }
        Collections.sort(expected);
        return expected;
    }
}
