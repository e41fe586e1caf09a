package io.groupmailbox.server.jpa;

import java.util.Optional;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.Domain;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.domainlist.jpa.JPADomainList;
import org.apache.james.domainlist.lib.DomainListConfiguration;

import com.google.common.base.Ticker;

import io.groupmailbox.server.cache.StoreReadCache;

/**
 * James's JPA domain list whose read cache ({@code domainlist.xml}, {@code <read><cache>}) is emptied by every
 * change made through this node: a domain added over WebAdmin is local at once here (a user can be created in it,
 * the MX port and the sender policy count it as local), where James's own cache could answer "not local" for the
 * whole expiry. Another node sees the change within the expiry ({@code <expiracy>}, 10 s by default).
 */
public class JpaDomainList extends JPADomainList {

    private static final long MAXIMUM_CACHED_DOMAINS = 10_000;

    private volatile Optional<StoreReadCache<Domain, Boolean>> cache = Optional.empty();

    @Inject
    public JpaDomainList(DNSService dns, EntityManagerFactory entityManagerFactory) {
        super(dns, entityManagerFactory);
    }

    @Override
    public void configure(DomainListConfiguration configuration) throws ConfigurationException {
        cache = configuration.isCacheEnabled()
            ? Optional.of(new StoreReadCache<>(configuration.getCacheExpiracy(), MAXIMUM_CACHED_DOMAINS, Ticker.systemTicker()))
            : Optional.empty();
        // James's own cache is never emptied by a write: this class keeps the only one.
        super.configure(DomainListConfiguration.builder()
            .autoDetect(configuration.isAutoDetect())
            .autoDetectIp(configuration.isAutoDetectIp())
            .defaultDomain(Optional.ofNullable(configuration.getDefaultDomain()))
            .addConfiguredDomains(configuration.getConfiguredDomains())
            .cacheEnabled(false)
            .build());
    }

    @Override
    public boolean containsDomain(Domain domain) throws DomainListException {
        Optional<StoreReadCache<Domain, Boolean>> answers = cache;
        if (answers.isEmpty()) {
            return super.containsDomain(domain);
        }
        Optional<Boolean> cached = answers.get().cached(domain);
        if (cached.isPresent()) {
            return cached.get();
        }
        long token = answers.get().beforeRead();
        boolean contains = super.containsDomain(domain);
        answers.get().remember(domain, contains, token);
        return contains;
    }

    @Override
    public void addDomain(Domain domain) throws DomainListException {
        try {
            super.addDomain(domain);
        } finally {
            cache.ifPresent(StoreReadCache::forgetAll);
        }
    }

    @Override
    public void doRemoveDomain(Domain domain) throws DomainListException {
        try {
            super.doRemoveDomain(domain);
        } finally {
            cache.ifPresent(StoreReadCache::forgetAll);
        }
    }
}
