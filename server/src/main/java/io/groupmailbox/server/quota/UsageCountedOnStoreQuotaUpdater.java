package io.groupmailbox.server.quota;

import java.time.Instant;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.events.Event;
import org.apache.james.events.EventBus;
import org.apache.james.mailbox.events.MailboxEvents.Added;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.mailbox.quota.CurrentQuotaManager;
import org.apache.james.mailbox.quota.QuotaManager;
import org.apache.james.mailbox.quota.QuotaRootResolver;
import org.apache.james.mailbox.store.event.EventFactory;
import org.apache.james.mailbox.store.quota.ListeningCurrentQuotaUpdater;
import org.reactivestreams.Publisher;

import com.google.common.collect.ImmutableSet;

import reactor.core.publisher.Mono;

/**
 * James's quota usage listener, for a store that counts each stored message in the transaction that stores it
 * ({@code OneTransactionAppendMessageMapper}).
 *
 * <p>James 3.8.1 adds a message to the usage after the append's commit, in a transaction of its own: a crash between
 * the two left the message stored and uncounted, and the spool's redelivery (rightly) did not store it again. Here
 * an {@code Added} event only announces the new usage ({@code QuotaUsageUpdatedEvent}, which James's quota-threshold
 * mailets follow). Expunges and mailbox deletions still subtract after their commit, as in James: a crash there leaves
 * the usage too high, never too low, and WebAdmin's recount puts it right. Same listener group as James's, so dead
 * letters recorded by an earlier version still find it.
 */
public class UsageCountedOnStoreQuotaUpdater extends ListeningCurrentQuotaUpdater {

    private final QuotaRootResolver quotaRootResolver;
    private final QuotaManager quotaManager;
    private final EventBus eventBus;

    @Inject
    public UsageCountedOnStoreQuotaUpdater(CurrentQuotaManager currentQuotaManager, QuotaRootResolver quotaRootResolver,
                                           EventBus eventBus, QuotaManager quotaManager) {
        super(currentQuotaManager, quotaRootResolver, eventBus, quotaManager);
        this.quotaRootResolver = quotaRootResolver;
        this.quotaManager = quotaManager;
        this.eventBus = eventBus;
    }

    @Override
    public Publisher<Void> reactiveEvent(Event event) {
        if (event instanceof Added) {
            Added added = (Added) event;
            return Mono.from(quotaRootResolver.getQuotaRootReactive(added.getMailboxPath()))
                .flatMap(quotaRoot -> announceUsage(quotaRoot, added.getUsername()));
        }
        return super.reactiveEvent(event);
    }

    private Mono<Void> announceUsage(QuotaRoot quotaRoot, Username username) {
        return Mono.from(quotaManager.getQuotasReactive(quotaRoot))
            .flatMap(quotas -> eventBus.dispatch(EventFactory.quotaUpdated()
                    .randomEventId()
                    .user(username)
                    .quotaRoot(quotaRoot)
                    .quotaCount(quotas.getMessageQuota())
                    .quotaSize(quotas.getStorageQuota())
                    .instant(Instant.now())
                    .build(),
                ImmutableSet.of()));
    }
}
