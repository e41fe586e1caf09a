package io.groupmailbox.server.mailet;

import java.util.Optional;

import javax.inject.Inject;
import javax.mail.internet.AddressException;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.mailetcontainer.api.LocalResources;
import org.apache.james.mailetcontainer.impl.JamesMailetContext;
import org.apache.james.queue.api.MailQueueFactory;

/**
 * James's mailet context, whose postmaster (the sender of the bounces the server makes) is an address of a domain
 * this server serves. James 3.8.1 fixes it once at start: {@code postmaster@localhost} on a new server (no domain
 * yet), then, after a restart, {@code postmaster@} whichever domain the database lists first.
 *
 * <p>Here {@code <postmaster>} in {@code mailetcontainer.xml} with a domain is used as it is; a bare local part
 * ({@code postmaster}, the default) goes with the served domain first in alphabetical order other than
 * {@code localhost}, looked up when a bounce is made (so it holds from the first domain on, and across restarts).
 */
public class ServedDomainPostmaster extends JamesMailetContext {

    private final DomainList domains;
    private Optional<MailAddress> configured = Optional.empty();
    private String localPart = "postmaster";

    @Inject
    public ServedDomainPostmaster(DNSService dns, DomainList domains, LocalResources localResources,
                                  MailQueueFactory<?> mailQueueFactory) {
        super(dns, domains, localResources, mailQueueFactory);
        this.domains = domains;
    }

    @Override
    public void configure(HierarchicalConfiguration<ImmutableNode> config) throws ConfigurationException {
        super.configure(config);
        String postmaster = config.getString("postmaster", "postmaster").trim();
        try {
            if (postmaster.contains("@")) {
                configured = Optional.of(new MailAddress(postmaster));
            } else {
                localPart = postmaster;
            }
        } catch (AddressException e) {
            throw new ConfigurationException("mailetcontainer.xml: <postmaster> " + postmaster + " is not an address", e);
        }
    }

    @Override
    public MailAddress getPostmaster() {
        return configured.or(this::ofFirstServedDomain).orElseGet(super::getPostmaster);
    }

    private Optional<MailAddress> ofFirstServedDomain() {
        try {
            return domains.getDomains().stream()
                .filter(domain -> !domain.equals(Domain.LOCALHOST))
                .map(Domain::asString)
                .sorted()
                .findFirst()
                .map(domain -> address(localPart, domain));
        } catch (DomainListException e) {
            return Optional.empty();
        }
    }

    private static MailAddress address(String localPart, String domain) {
        try {
            return new MailAddress(localPart, domain);
        } catch (AddressException e) {
            throw new IllegalStateException("postmaster@" + domain + " is not an address", e);
        }
    }
}
