package io.groupmailbox.notify;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.lifecycle.api.Startable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link GroupDigests#sendDue()} on one thread of its own, started with the server and stopped with it.
 * The pause between passes is the shortest digest interval of the groups, between 1 and 10 seconds, so a digest
 * leaves at most one pause after it is due. Every node runs it; the cursors make sure one of them sends.
 */
@Singleton
public class DigestScheduler implements Startable {

    static final Duration SHORTEST_PAUSE = Duration.ofSeconds(1);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);
    private static final Logger LOGGER = LoggerFactory.getLogger(DigestScheduler.class);

    private final GroupDigests digests;
    private ScheduledThreadPoolExecutor executor;

    @Inject
    public DigestScheduler(GroupDigests digests) {
        this.digests = digests;
    }

    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "group-digests");
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        schedule(SHORTEST_PAUSE);
    }

    /** Waits for a pass under way to finish (not interrupted: Derby closes a database on interrupts). */
    @PreDestroy
    public void stop() {
        ScheduledThreadPoolExecutor running;
        synchronized (this) {
            running = executor;
            executor = null;
        }
        if (running == null) {
            return;
        }
        running.shutdown();
        try {
            if (!running.awaitTermination(30, TimeUnit.SECONDS)) {
                LOGGER.warn("A digest pass still runs after 30 s; leaving it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pass() {
        Optional<Duration> shortestInterval = Optional.empty();
        try {
            shortestInterval = digests.sendDue();
        } catch (RuntimeException e) {
            LOGGER.warn("Digest pass failed; the next one tries again", e);
        }
        schedule(pause(shortestInterval));
    }

    static Duration pause(Optional<Duration> shortestInterval) {
        Duration interval = shortestInterval.orElse(LONGEST_PAUSE);
        return interval.compareTo(SHORTEST_PAUSE) < 0 ? SHORTEST_PAUSE
            : interval.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : interval;
    }

    private synchronized void schedule(Duration pause) {
        if (executor == null) {
            return;
        }
        try {
            executor.schedule(this::pass, pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }
}
