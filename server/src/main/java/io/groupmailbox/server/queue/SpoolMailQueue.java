package io.groupmailbox.server.queue;

import javax.jms.ConnectionFactory;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQCacheableMailQueue;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;

/**
 * James's ActiveMQ mail queue, carrying each mail in its JMS message (into the synced journal, see
 * {@link SpoolBroker}) rather than in a separate blob file, with a message selector that changes once a second
 * instead of at each mail.
 *
 * <p>James 3.8.1 dequeues each mail through a new JMS consumer whose selector holds the current time in
 * milliseconds ({@code JAMES_NEXT_DELIVERY <= now}, for mails delayed on purpose). ActiveMQ keeps parsed selectors
 * in a cache keyed by their text, so a new text per mail meant a new parse per mail, twice (the client checks it,
 * then the broker): about 1 % of the server's CPU under load. Here {@code now} is rounded down to the second.
 *
 * <p>Mails enqueued without a delay carry {@code JAMES_NEXT_DELIVERY = -1} and match either way. A delayed mail
 * becomes due at most one second later than it was asked to, never earlier.
 */
class SpoolMailQueue extends ActiveMQCacheableMailQueue {

    SpoolMailQueue(ConnectionFactory connectionFactory, MailQueueItemDecoratorFactory decoratorFactory, MailQueueName name,
                   MetricFactory metricFactory, GaugeRegistry gaugeRegistry) {
        super(connectionFactory, decoratorFactory, name, false, metricFactory, gaugeRegistry);
    }

    @Override
    protected String getMessageSelector() {
        long now = System.currentTimeMillis();
        return JAMES_NEXT_DELIVERY + " <= " + (now - now % 1000) + " OR " + FORCE_DELIVERY + " = true";
    }
}
