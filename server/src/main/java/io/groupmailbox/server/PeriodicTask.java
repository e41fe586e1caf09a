package io.groupmailbox.server;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task run on a daemon thread of its own, at a fixed delay after each run. A failed run is logged and the task
 * runs again after the delay; {@link #stop()} lets a run in progress finish.
 */
public final class PeriodicTask {

    private static final Logger LOGGER = LoggerFactory.getLogger(PeriodicTask.class);

    private final String name;
    private final Duration delay;
    private final Runnable task;
    private final ScheduledExecutorService executor;

    public PeriodicTask(String name, Duration delay, Runnable task) {
        this.name = name;
        this.delay = delay;
        this.task = task;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start(Duration initialDelay) {
        executor.scheduleWithFixedDelay(this::runOnce, initialDelay.toMillis(), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stop() {
        executor.shutdown();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runOnce() {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOGGER.error("{} failed; retrying in {}", name, delay, e);
        }
    }
}
