package io.groupmailbox.server.cache;

import java.time.Duration;
import java.util.Optional;

import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * Answers of a store, remembered for a short time, in front of the store that keeps the data (the database, shared
 * by every node). A write made through this node empties the cache; a write made by another node shows here within
 * the expiry.
 *
 * <p>A read runs outside any lock, so a write can happen while it runs: its answer may already be out of date when
 * it comes back. Such an answer is not remembered. The reader takes a {@link #beforeRead() token} before asking the
 * store and gives it to {@link #remember}, which keeps the answer only if nothing was forgotten since.
 */
public final class StoreReadCache<K, V> {

    public static final Duration DEFAULT_EXPIRY = Duration.ofSeconds(10);

    private final Cache<K, V> answers;
    /** Counts the writes; written under this object's lock. */
    private volatile long writes;

    public StoreReadCache(Duration expiry, long maximumSize, Ticker ticker) {
        this.answers = CacheBuilder.newBuilder()
            .expireAfterWrite(expiry)
            .maximumSize(maximumSize)
            .ticker(ticker)
            .build();
    }

    public Optional<V> cached(K key) {
        return Optional.ofNullable(answers.getIfPresent(key));
    }

    /** To take before asking the store, and to give to {@link #remember} with its answer. */
    public long beforeRead() {
        return writes;
    }

    public synchronized void remember(K key, V answer, long tokenBeforeRead) {
        if (writes == tokenBeforeRead) {
            answers.put(key, answer);
        }
    }

    /** After a write to the store: every answer may have changed, and reads still running must not be remembered. */
    public synchronized void forgetAll() {
        writes++;
        answers.invalidateAll();
    }
}
