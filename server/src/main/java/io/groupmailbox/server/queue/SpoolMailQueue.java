package io.groupmailbox.server.queue;

import javax.jms.ConnectionFactory;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.Session;

import org.apache.activemq.ActiveMQConnection;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQCacheableMailQueue;
import org.apache.james.queue.api.MailQueue.MailQueueException;
import org.apache.james.queue.api.MailQueue.MailQueueItem;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

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

    private static final Logger LOGGER = LoggerFactory.getLogger(SpoolMailQueue.class);
    private static final long RECEIVE_TIMEOUT_MS = 10_000;

    private final Flux<MailQueueItem> items;
    private volatile boolean disposed;

    SpoolMailQueue(ConnectionFactory connectionFactory, MailQueueItemDecoratorFactory decoratorFactory, MailQueueName name,
                   MetricFactory metricFactory, GaugeRegistry gaugeRegistry) {
        super(connectionFactory, decoratorFactory, name, false, metricFactory, gaugeRegistry);
        this.items = Mono.defer(this::nextItem).repeat(this::open);
    }

    /**
     * The mails, one JMS transaction each, as James's queue gives them; but a server that stops ends the stream
     * quietly. James's own loop logged each stop as errors that ask an admin to act when none is needed: a receive
     * interrupted by the spooler's shutdown ("onErrorDropped ... InterruptedException"), the rollback of a session
     * the closing connection already closed ("Error while rolling session back"), and, while the connection
     * closed under a running loop, one "Exception processing mail while spooling null" per new attempt. Nothing
     * is lost then: a mail counts as taken only when its transaction commits after processing.
     */
    @Override
    public Flux<MailQueueItem> deQueue() {
        return items;
    }

    @Override
    public void dispose() {
        disposed = true;
        super.dispose();
    }

    private Mono<MailQueueItem> nextItem() {
        Session transaction = null;
        MessageConsumer consumer = null;
        try {
            transaction = connection.createSession(true, Session.SESSION_TRANSACTED);
            consumer = transaction.createConsumer(transaction.createQueue(queueName.asString()), getMessageSelector());
            Message message = consumer.receive(RECEIVE_TIMEOUT_MS);
            if (message == null) {
                transaction.commit();
                closeConsumer(consumer);
                closeSession(transaction);
                return Mono.empty();
            }
            dequeuedMailsMetric.increment();
            return createMailQueueItem(transaction, consumer, message);
        } catch (Exception e) {
            closeConsumer(consumer);
            if (stopping(e)) {
                LOGGER.debug("Spool queue {} stops taking mail", queueName.asString(), e);
                closeSession(transaction);
                return Mono.empty();
            }
            rollback(transaction);
            closeSession(transaction);
            return Mono.error(new MailQueueException("Unable to dequeue next message", e));
        }
    }

    private boolean open() {
        return !disposed && !(connection instanceof ActiveMQConnection activeMq && (activeMq.isClosed() || activeMq.isClosing()));
    }

    private boolean stopping(Exception e) {
        if (!open() || Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected String getMessageSelector() {
        long now = System.currentTimeMillis();
        return JAMES_NEXT_DELIVERY + " <= " + (now - now % 1000) + " OR " + FORCE_DELIVERY + " = true";
    }
}
