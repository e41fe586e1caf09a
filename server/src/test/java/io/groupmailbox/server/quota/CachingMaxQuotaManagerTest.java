package io.groupmailbox.server.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Domain;
import org.apache.james.core.quota.QuotaCountLimit;
import org.apache.james.core.quota.QuotaSizeLimit;
import org.apache.james.mailbox.inmemory.quota.InMemoryPerUserMaxQuotaManager;
import org.apache.james.mailbox.model.Quota;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.mailbox.quota.MaxQuotaManager;
import org.junit.jupiter.api.Test;

import io.groupmailbox.server.testing.FakeTicker;

import reactor.core.publisher.Mono;

class CachingMaxQuotaManagerTest {

    private static final Domain DOMAIN = Domain.of("example.fr");
    private static final QuotaRoot BOB = QuotaRoot.quotaRoot("#private&bob@example.fr", Optional.of(DOMAIN));
    private static final QuotaRoot SUPPORT = QuotaRoot.quotaRoot("#private&support@example.fr", Optional.of(DOMAIN));
    private static final Duration EXPIRY = Duration.ofSeconds(10);

    /** The shared database; writing to it directly is what another node does. */
    private final InMemoryPerUserMaxQuotaManager store = new InMemoryPerUserMaxQuotaManager();
    private final FakeTicker clock = new FakeTicker();
    private final CachingMaxQuotaManager cached = new CachingMaxQuotaManager(store, EXPIRY, clock);

    @Test
    void answersWhatTheStoreHolds() throws Exception {
        store.setMaxMessage(BOB, QuotaCountLimit.count(100));
        store.setDomainMaxStorage(DOMAIN, QuotaSizeLimit.size(5_000));
        store.setGlobalMaxMessage(QuotaCountLimit.count(1_000));

        MaxQuotaManager.QuotaDetails details = cached.quotaDetails(BOB);

        assertThat(details.getMaxMessageDetails()).containsExactlyInAnyOrderEntriesOf(Map.of(
            Quota.Scope.User, QuotaCountLimit.count(100),
            Quota.Scope.Global, QuotaCountLimit.count(1_000)));
        assertThat(details.getMaxStorageDetails()).containsExactlyEntriesOf(Map.of(
            Quota.Scope.Domain, QuotaSizeLimit.size(5_000)));
        assertThat(cached.getMaxMessage(BOB)).contains(QuotaCountLimit.count(100));
    }

    @Test
    void aChangeByAnotherNodeAppliesOnceTheEntryExpires() throws Exception {
        store.setMaxMessage(BOB, QuotaCountLimit.count(100));
        assertThat(cached.getMaxMessage(BOB)).contains(QuotaCountLimit.count(100));

        store.setMaxMessage(BOB, QuotaCountLimit.count(5));
        clock.advance(EXPIRY.minusSeconds(1));
        assertThat(cached.getMaxMessage(BOB)).contains(QuotaCountLimit.count(100));

        clock.advance(Duration.ofSeconds(1));
        assertThat(cached.getMaxMessage(BOB)).contains(QuotaCountLimit.count(5));
    }

    @Test
    void aChangeThroughThisNodeAppliesAtOnce() throws Exception {
        store.setMaxMessage(BOB, QuotaCountLimit.count(100));
        assertThat(cached.getMaxMessage(BOB)).contains(QuotaCountLimit.count(100));

        cached.setMaxMessage(BOB, QuotaCountLimit.count(5));

        assertThat(cached.getMaxMessage(BOB)).contains(QuotaCountLimit.count(5));
    }

    @Test
    void aDomainOrGlobalChangeAppliesAtOnceToEveryRoot() throws Exception {
        assertThat(cached.getMaxStorage(BOB)).isEmpty();
        assertThat(cached.getMaxStorage(SUPPORT)).isEmpty();

        cached.setDomainMaxStorage(DOMAIN, QuotaSizeLimit.size(5_000));
        assertThat(cached.getMaxStorage(BOB)).contains(QuotaSizeLimit.size(5_000));
        assertThat(cached.getMaxStorage(SUPPORT)).contains(QuotaSizeLimit.size(5_000));

        Mono.from(cached.setGlobalMaxMessageReactive(QuotaCountLimit.count(7))).block();
        assertThat(Mono.from(cached.quotaDetailsReactive(SUPPORT)).block().getMaxMessageDetails())
            .containsEntry(Quota.Scope.Global, QuotaCountLimit.count(7));
    }

    @Test
    void theReactiveReadIsCachedToo() throws Exception {
        store.setMaxStorage(SUPPORT, QuotaSizeLimit.size(1_000));
        assertThat(Mono.from(cached.listMaxStorageDetailsReactive(SUPPORT)).block())
            .containsEntry(Quota.Scope.User, QuotaSizeLimit.size(1_000));

        store.setMaxStorage(SUPPORT, QuotaSizeLimit.size(2_000));
        assertThat(Mono.from(cached.listMaxStorageDetailsReactive(SUPPORT)).block())
            .containsEntry(Quota.Scope.User, QuotaSizeLimit.size(1_000));

        cached.removeMaxStorage(SUPPORT);
        assertThat(Mono.from(cached.listMaxStorageDetailsReactive(SUPPORT)).block()).isEmpty();
    }

    @Test
    void singleValuesForWebAdminAreReadFromTheStore() throws Exception {
        assertThat(cached.getGlobalMaxMessage()).isEmpty();

        store.setGlobalMaxMessage(QuotaCountLimit.count(3));
        store.setDomainMaxMessage(DOMAIN, QuotaCountLimit.count(4));

        assertThat(cached.getGlobalMaxMessage()).contains(QuotaCountLimit.count(3));
        assertThat(cached.getDomainMaxMessage(DOMAIN)).contains(QuotaCountLimit.count(4));
    }
}
