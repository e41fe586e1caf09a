package io.groupmailbox.server.queue;

import java.io.FileNotFoundException;

import javax.inject.Singleton;
import javax.jms.ConnectionFactory;

import org.apache.activemq.store.PersistenceAdapter;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.queue.activemq.ActiveMQConfiguration;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollector;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorImpl;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.utils.PropertiesProvider;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;

/**
 * The durable mail spool: James's ActiveMQ mail queues over this project's embedded broker ({@link SpoolBroker}),
 * persisting to KahaDB under {@code <data dir>/store/activemq}. KahaDB syncs its journal, which holds the mail
 * itself, before the enqueue returns, so a message that got 250 survives kill -9 and power loss; delivery is
 * at-least-once after such a crash.
 */
public class ActiveMqSpoolModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(KahaDBPersistenceAdapter.class).in(Scopes.SINGLETON);
        bind(PersistenceAdapter.class).to(KahaDBPersistenceAdapter.class);
        bind(SpoolBroker.class).in(Scopes.SINGLETON);
        bind(SpoolQueueFactory.class).in(Scopes.SINGLETON);
        bind(ActiveMQMetricCollectorImpl.class).in(Scopes.SINGLETON);
        bind(ActiveMQMetricCollector.class).to(ActiveMQMetricCollectorImpl.class);
    }

    @Provides
    @Singleton
    ConnectionFactory connectionFactory(SpoolBroker broker) {
        return broker.connectionFactory();
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends ManageableMailQueue> manageableQueues(SpoolQueueFactory factory) {
        factory.init();
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<?> queues(MailQueueFactory<? extends ManageableMailQueue> factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends MailQueue> typedQueues(MailQueueFactory<? extends ManageableMailQueue> factory) {
        return factory;
    }

    @Provides
    @Singleton
    ActiveMQConfiguration configuration(PropertiesProvider propertiesProvider) throws ConfigurationException {
        try {
            return ActiveMQConfiguration.from(propertiesProvider.getConfigurations("activemq"));
        } catch (FileNotFoundException e) {
            return ActiveMQConfiguration.getDefault();
        }
    }
}
