package io.groupmailbox.server.jpa;

import java.io.FileNotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.lifecycle.api.Startable;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.groupmailbox.audit.AuditStore;
import io.groupmailbox.server.PeriodicTask;

/**
 * Removes audit entries older than the retention period, at start and then every day. The period is
 * {@code audit.retention} in {@code conf/audit.properties}, an ISO-8601 duration ({@code P365D}, the default).
 * Deleting mail never deletes its entries: only this does.
 */
public class AuditRetention implements Startable {

    static final Duration DEFAULT_RETENTION = Duration.ofDays(365);
    private static final Logger LOGGER = LoggerFactory.getLogger(AuditRetention.class);

    private final AuditStore store;
    private final Clock clock;
    private final Duration retention;
    private final PeriodicTask pruner;

    @Inject
    public AuditRetention(AuditStore store, Clock clock, PropertiesProvider properties) throws ConfigurationException {
        this.store = store;
        this.clock = clock;
        this.retention = retention(properties);
        this.pruner = new PeriodicTask("audit-retention", Duration.ofDays(1), this::prune);
    }

    public void start() {
        pruner.start(Duration.ofMinutes(1));
    }

    /** A stopped server prunes no more: its database may be gone (a test's, or a moved data directory). */
    @PreDestroy
    public void stop() {
        pruner.stop();
    }

    void prune() {
        int removed = store.removeOlderThan(clock.instant().minus(retention));
        if (removed > 0) {
            LOGGER.info("Removed {} audit entries older than {}", removed, retention);
        }
    }

    static Duration retention(PropertiesProvider properties) throws ConfigurationException {
        try {
            String value = properties.getConfiguration("audit").getString("audit.retention", DEFAULT_RETENTION.toString());
            Duration retention = Duration.parse(value.trim());
            if (retention.isNegative() || retention.isZero()) {
                throw new ConfigurationException("audit.retention in audit.properties must be positive, not " + value);
            }
            return retention;
        } catch (FileNotFoundException e) {
            return DEFAULT_RETENTION;
        } catch (DateTimeParseException e) {
            throw new ConfigurationException("audit.retention in audit.properties must be an ISO-8601 duration such as P365D", e);
        }
    }
}
