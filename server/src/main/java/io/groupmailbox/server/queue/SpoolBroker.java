package io.groupmailbox.server.queue;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.jms.ConnectionFactory;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.ActiveMQPrefetchPolicy;
import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.plugin.StatisticsBrokerPlugin;
import org.apache.activemq.store.PersistenceAdapter;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.queue.activemq.FileSystemBlobTransferPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded ActiveMQ broker behind the mail spool, reachable only inside this JVM.
 *
 * <p>What differs from James 3.8.1's {@code EmbeddedActiveMQ}, and why:
 * <ul>
 *   <li><b>No network listener.</b> James's broker also opens an OpenWire port on a random loopback port, without
 *   authentication: any local process could read or inject spooled mail. Here clients connect through
 *   {@code vm://} only.</li>
 *   <li><b>Mail content in the synced journal.</b> James spools each message as a "blob" file that is never
 *   synced; only the JMS reference to it is in KahaDB's journal, which is synced before SMTP answers 250. A
 *   power loss could then keep the reference and lose the content. The spool's producers are told to send the
 *   message bytes in the JMS message itself ({@link SpoolMailQueue}), so one journal sync covers both. It
 *   also spares a file create, open and delete per mail, and the ~300 one-byte {@code read} calls with which
 *   James parses a blob file's headers.</li>
 *   <li><b>A bounded cache.</b> Messages waiting in the spool are cached in memory up to {@link #MEMORY_LIMIT};
 *   beyond that the broker reads them back from the journal when they are due. James leaves ActiveMQ's default
 *   (1 GiB, cut to 70 % of the heap), which with message bodies in the journal could fill the heap.</li>
 *   <li><b>Calls into the broker on the caller's thread</b> ({@code async=false}): a spooled mail makes about
 *   ten calls to the broker (session, consumer, pull, acknowledgement, commit); each was a hand-over to a
 *   transport thread and back.</li>
 * </ul>
 *
 * <p>The journal stays where James keeps it ({@code <data>/store/activemq/brokers/KahaDB}), and mails spooled as
 * blob files by an earlier version are still read from {@code <data>/store/activemq/blob-transfer}.
 */
public class SpoolBroker {

    private static final Logger LOGGER = LoggerFactory.getLogger(SpoolBroker.class);
    private static final String BROKER_NAME = "group-mailbox-spool";
    private static final long MEMORY_LIMIT = 64L * 1024 * 1024;
    private static final String JOURNAL_LOCATION = "file://var/store/activemq/brokers/KahaDB";
    private static final String BROKER_DATA_LOCATION = "file://var/store/activemq/brokers";
    private static final String BLOB_LOCATION = "file://var/store/activemq/blob-transfer";

    private final BrokerService broker;
    private final ActiveMQConnectionFactory connectionFactory;

    @Inject
    public SpoolBroker(FileSystem fileSystem, PersistenceAdapter journal) throws Exception {
        journal.setDirectory(fileSystem.getFile(JOURNAL_LOCATION));
        this.broker = new BrokerService();
        broker.setBrokerName(BROKER_NAME);
        broker.setDataDirectoryFile(fileSystem.getFile(BROKER_DATA_LOCATION));
        broker.setPersistent(true);
        broker.setPersistenceAdapter(journal);
        broker.setUseJmx(false);
        broker.setUseShutdownHook(false);
        broker.setSchedulerSupport(false);
        broker.setAdvisorySupport(false);
        broker.getSystemUsage().getMemoryUsage().setLimit(MEMORY_LIMIT);
        // Queue sizes for WebAdmin and metrics, as James's collector asks the broker for them.
        broker.setPlugins(new BrokerPlugin[] {new StatisticsBrokerPlugin()});
        broker.setEnableStatistics(true);
        broker.start();
        broker.waitUntilStarted();
        this.connectionFactory = connectionFactory(fileSystem);
        LOGGER.info("Mail spool started (journal in {})", fileSystem.getFile(JOURNAL_LOCATION));
    }

    private static ActiveMQConnectionFactory connectionFactory(FileSystem fileSystem) {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://" + BROKER_NAME + "?create=false&async=false");
        factory.setTrustAllPackages(false);
        // Each spool thread pulls the next due mail itself: nothing is dispatched ahead to a consumer.
        ActiveMQPrefetchPolicy prefetch = new ActiveMQPrefetchPolicy();
        prefetch.setAll(0);
        factory.setPrefetchPolicy(prefetch);
        FileSystemBlobTransferPolicy blobs = new FileSystemBlobTransferPolicy();
        blobs.setDefaultUploadUrl(BLOB_LOCATION);
        blobs.setFileSystem(fileSystem);
        factory.setBlobTransferPolicy(blobs);
        return factory;
    }

    public ConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    @PreDestroy
    public void stop() throws Exception {
        broker.stop();
        broker.waitUntilStopped();
    }
}
