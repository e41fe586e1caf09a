package io.groupmailbox.server.search;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.lifecycle.api.Startable;
import org.apache.james.mailbox.lucene.search.LuceneMessageSearchIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the Lucene index every {@link #PERIOD}. James 3.8.1's index commits only when it is closed, so a
 * server that is killed (or loses power) would come back with the index of its last clean stop: SEARCH, and
 * the "answered by" look-up of group replies, would miss every message delivered since. Committing on each
 * message would put a file sync inside every delivery; a periodic commit bounds the loss to {@link #PERIOD}.
 */
public class LuceneIndexCommitter implements Startable {

    static final Duration PERIOD = Duration.ofSeconds(5);
    private static final Logger LOGGER = LoggerFactory.getLogger(LuceneIndexCommitter.class);

    private final LuceneMessageSearchIndex index;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lucene-index-committer");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public LuceneIndexCommitter(LuceneMessageSearchIndex index) {
        this.index = index;
    }

    public void start() {
        executor.scheduleWithFixedDelay(this::commit, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void commit() {
        try {
            index.commit();
        } catch (IOException | RuntimeException e) {
            LOGGER.error("Could not commit the search index; retrying in {}", PERIOD, e);
        }
    }

    /** Stops committing; the index's own close (at shutdown) makes the last commit. */
    @PreDestroy
    public void stop() {
        executor.shutdown();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
