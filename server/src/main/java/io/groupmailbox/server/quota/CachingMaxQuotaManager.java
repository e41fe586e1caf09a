package io.groupmailbox.server.quota;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Domain;
import org.apache.james.core.quota.QuotaCountLimit;
import org.apache.james.core.quota.QuotaSizeLimit;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Quota;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.mailbox.quota.MaxQuotaManager;
import org.reactivestreams.Publisher;

import com.google.common.base.Ticker;

import io.groupmailbox.server.cache.StoreReadCache;

import reactor.core.publisher.Mono;

/**
 * Remembers the quota limits of each quota root for a few seconds, in front of the store that keeps them.
 *
 * <p>James reads the limits twice for every message it appends (the quota check before, the quota event after),
 * and each read is three look-ups (user, domain, global) for each of the count and the size: twelve queries per
 * delivered message, for values an admin changes a few times a year. James's domain list has the same kind of
 * cache ({@code domainlist.xml}, {@code <cache>}).
 *
 * <p>What an admin sees: a limit set through this node (WebAdmin {@code /quota}) applies at once, since every
 * write empties the cache. A limit written by another node sharing the database applies within
 * {@link #DEFAULT_EXPIRY}. Current usage is never cached: only the limits are.
 */
public class CachingMaxQuotaManager implements MaxQuotaManager {

    public static final Duration DEFAULT_EXPIRY = StoreReadCache.DEFAULT_EXPIRY;
    private static final long MAX_QUOTA_ROOTS = 10_000;

    private final MaxQuotaManager store;
    private final StoreReadCache<QuotaRoot, QuotaDetails> limits;

    public CachingMaxQuotaManager(MaxQuotaManager store) {
        this(store, DEFAULT_EXPIRY, Ticker.systemTicker());
    }

    CachingMaxQuotaManager(MaxQuotaManager store, Duration expiry, Ticker ticker) {
        this.store = store;
        this.limits = new StoreReadCache<>(expiry, MAX_QUOTA_ROOTS, ticker);
    }

    @Override
    public QuotaDetails quotaDetails(QuotaRoot quotaRoot) {
        Optional<QuotaDetails> cached = limits.cached(quotaRoot);
        if (cached.isPresent()) {
            return cached.get();
        }
        long token = limits.beforeRead();
        QuotaDetails details = store.quotaDetails(quotaRoot);
        limits.remember(quotaRoot, details, token);
        return details;
    }

    @Override
    public Publisher<QuotaDetails> quotaDetailsReactive(QuotaRoot quotaRoot) {
        return Mono.defer(() -> {
            Optional<QuotaDetails> cached = limits.cached(quotaRoot);
            if (cached.isPresent()) {
                return Mono.just(cached.get());
            }
            long token = limits.beforeRead();
            return Mono.from(store.quotaDetailsReactive(quotaRoot))
                .doOnNext(details -> limits.remember(quotaRoot, details, token));
        });
    }

    @Override
    public Map<Quota.Scope, QuotaCountLimit> listMaxMessagesDetails(QuotaRoot quotaRoot) {
        return quotaDetails(quotaRoot).getMaxMessageDetails();
    }

    @Override
    public Publisher<Map<Quota.Scope, QuotaCountLimit>> listMaxMessagesDetailsReactive(QuotaRoot quotaRoot) {
        return Mono.from(quotaDetailsReactive(quotaRoot)).map(QuotaDetails::getMaxMessageDetails);
    }

    @Override
    public Map<Quota.Scope, QuotaSizeLimit> listMaxStorageDetails(QuotaRoot quotaRoot) {
        return quotaDetails(quotaRoot).getMaxStorageDetails();
    }

    @Override
    public Publisher<Map<Quota.Scope, QuotaSizeLimit>> listMaxStorageDetailsReactive(QuotaRoot quotaRoot) {
        return Mono.from(quotaDetailsReactive(quotaRoot)).map(QuotaDetails::getMaxStorageDetails);
    }

    /** A write may change the limits of any root (a domain's or the global limit applies to many): forget them all. */
    private void forget() {
        limits.forgetAll();
    }

    private Mono<Void> forgetAfter(Publisher<Void> write) {
        return Mono.from(write).doFinally(signal -> forget());
    }

    private void forgetAfter(StoreWrite write) throws MailboxException {
        try {
            write.run();
        } finally {
            forget();
        }
    }

    @FunctionalInterface
    private interface StoreWrite {
        void run() throws MailboxException;
    }

    // Writes: to the store, then the cache is emptied (also when the write failed: its outcome is unknown).

    @Override
    public void setMaxStorage(QuotaRoot quotaRoot, QuotaSizeLimit maxStorageQuota) throws MailboxException {
        forgetAfter(() -> store.setMaxStorage(quotaRoot, maxStorageQuota));
    }

    @Override
    public Publisher<Void> setMaxStorageReactive(QuotaRoot quotaRoot, QuotaSizeLimit maxStorageQuota) {
        return forgetAfter(store.setMaxStorageReactive(quotaRoot, maxStorageQuota));
    }

    @Override
    public void setMaxMessage(QuotaRoot quotaRoot, QuotaCountLimit maxMessageCount) throws MailboxException {
        forgetAfter(() -> store.setMaxMessage(quotaRoot, maxMessageCount));
    }

    @Override
    public Publisher<Void> setMaxMessageReactive(QuotaRoot quotaRoot, QuotaCountLimit maxMessageCount) {
        return forgetAfter(store.setMaxMessageReactive(quotaRoot, maxMessageCount));
    }

    @Override
    public void removeMaxMessage(QuotaRoot quotaRoot) throws MailboxException {
        forgetAfter(() -> store.removeMaxMessage(quotaRoot));
    }

    @Override
    public Publisher<Void> removeMaxMessageReactive(QuotaRoot quotaRoot) {
        return forgetAfter(store.removeMaxMessageReactive(quotaRoot));
    }

    @Override
    public void removeMaxStorage(QuotaRoot quotaRoot) throws MailboxException {
        forgetAfter(() -> store.removeMaxStorage(quotaRoot));
    }

    @Override
    public Publisher<Void> removeMaxStorageReactive(QuotaRoot quotaRoot) {
        return forgetAfter(store.removeMaxStorageReactive(quotaRoot));
    }

    @Override
    public void setGlobalMaxStorage(QuotaSizeLimit globalMaxStorage) throws MailboxException {
        forgetAfter(() -> store.setGlobalMaxStorage(globalMaxStorage));
    }

    @Override
    public Publisher<Void> setGlobalMaxStorageReactive(QuotaSizeLimit globalMaxStorage) {
        return forgetAfter(store.setGlobalMaxStorageReactive(globalMaxStorage));
    }

    @Override
    public void removeGlobalMaxStorage() throws MailboxException {
        forgetAfter(() -> store.removeGlobalMaxStorage());
    }

    @Override
    public Publisher<Void> removeGlobalMaxStorageReactive() {
        return forgetAfter(store.removeGlobalMaxStorageReactive());
    }

    @Override
    public void setGlobalMaxMessage(QuotaCountLimit globalMaxMessageCount) throws MailboxException {
        forgetAfter(() -> store.setGlobalMaxMessage(globalMaxMessageCount));
    }

    @Override
    public Publisher<Void> setGlobalMaxMessageReactive(QuotaCountLimit globalMaxMessageCount) {
        return forgetAfter(store.setGlobalMaxMessageReactive(globalMaxMessageCount));
    }

    @Override
    public void removeGlobalMaxMessage() throws MailboxException {
        forgetAfter(() -> store.removeGlobalMaxMessage());
    }

    @Override
    public Publisher<Void> removeGlobalMaxMessageReactive() {
        return forgetAfter(store.removeGlobalMaxMessageReactive());
    }

    @Override
    public void setDomainMaxMessage(Domain domain, QuotaCountLimit count) throws MailboxException {
        forgetAfter(() -> store.setDomainMaxMessage(domain, count));
    }

    @Override
    public Publisher<Void> setDomainMaxMessageReactive(Domain domain, QuotaCountLimit count) {
        return forgetAfter(store.setDomainMaxMessageReactive(domain, count));
    }

    @Override
    public void removeDomainMaxMessage(Domain domain) throws MailboxException {
        forgetAfter(() -> store.removeDomainMaxMessage(domain));
    }

    @Override
    public Publisher<Void> removeDomainMaxMessageReactive(Domain domain) {
        return forgetAfter(store.removeDomainMaxMessageReactive(domain));
    }

    @Override
    public void setDomainMaxStorage(Domain domain, QuotaSizeLimit size) throws MailboxException {
        forgetAfter(() -> store.setDomainMaxStorage(domain, size));
    }

    @Override
    public Publisher<Void> setDomainMaxStorageReactive(Domain domain, QuotaSizeLimit size) {
        return forgetAfter(store.setDomainMaxStorageReactive(domain, size));
    }

    @Override
    public void removeDomainMaxStorage(Domain domain) throws MailboxException {
        forgetAfter(() -> store.removeDomainMaxStorage(domain));
    }

    @Override
    public Publisher<Void> removeDomainMaxStorageReactive(Domain domain) {
        return forgetAfter(store.removeDomainMaxStorageReactive(domain));
    }

    // Single values, read by WebAdmin's quota routes: straight from the store, so an admin always reads what is stored.

    @Override
    public Optional<QuotaSizeLimit> getGlobalMaxStorage() throws MailboxException {
        return store.getGlobalMaxStorage();
    }

    @Override
    public Publisher<QuotaSizeLimit> getGlobalMaxStorageReactive() {
        return store.getGlobalMaxStorageReactive();
    }

    @Override
    public Optional<QuotaCountLimit> getGlobalMaxMessage() throws MailboxException {
        return store.getGlobalMaxMessage();
    }

    @Override
    public Publisher<QuotaCountLimit> getGlobalMaxMessageReactive() {
        return store.getGlobalMaxMessageReactive();
    }

    @Override
    public Optional<QuotaCountLimit> getDomainMaxMessage(Domain domain) {
        return store.getDomainMaxMessage(domain);
    }

    @Override
    public Publisher<QuotaCountLimit> getDomainMaxMessageReactive(Domain domain) {
        return store.getDomainMaxMessageReactive(domain);
    }

    @Override
    public Optional<QuotaSizeLimit> getDomainMaxStorage(Domain domain) {
        return store.getDomainMaxStorage(domain);
    }

    @Override
    public Publisher<QuotaSizeLimit> getDomainMaxStorageReactive(Domain domain) {
        return store.getDomainMaxStorageReactive(domain);
    }
}
