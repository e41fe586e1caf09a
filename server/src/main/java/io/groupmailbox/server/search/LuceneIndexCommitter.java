package io.groupmailbox.server.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.lifecycle.api.Startable;
import org.apache.james.mailbox.lucene.search.LuceneMessageSearchIndex;

import io.groupmailbox.server.PeriodicTask;

/**
 * Commits the Lucene index every {@link #PERIOD}. James 3.8.1's index commits only when it is closed, so a
 * server that is killed (or loses power) would come back with the index of its last clean stop: SEARCH, and
 * the "answered by" look-up of group replies, would miss every message delivered since. Committing on each
 * message would put a file sync inside every delivery; a periodic commit bounds the loss to {@link #PERIOD}.
 */
public class LuceneIndexCommitter implements Startable {

    static final Duration PERIOD = Duration.ofSeconds(5);

    private final LuceneMessageSearchIndex index;
    private final PeriodicTask committer = new PeriodicTask("lucene-index-committer", PERIOD, this::commit);

    @Inject
    public LuceneIndexCommitter(LuceneMessageSearchIndex index) {
        this.index = index;
    }

    public void start() {
        committer.start(PERIOD);
    }

    private void commit() {
        try {
            index.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not commit the search index", e);
        }
    }

    /** Stops committing; the index's own close (at shutdown) makes the last commit. */
    @PreDestroy
    public void stop() {
        committer.stop();
    }
}
