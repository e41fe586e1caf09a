package io.groupmailbox.server.queue;

import javax.inject.Inject;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollector;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;

/** James's ActiveMQ mail queues on the {@link SpoolBroker}, as {@link SpoolMailQueue}s. */
public class SpoolQueueFactory extends ActiveMQMailQueueFactory {

    private final ActiveMQMetricCollector metricCollector;

    @Inject
    public SpoolQueueFactory(SpoolBroker broker, MailQueueItemDecoratorFactory decoratorFactory, MetricFactory metricFactory,
                             GaugeRegistry gaugeRegistry, ActiveMQMetricCollector metricCollector) {
        super(broker.connectionFactory(), decoratorFactory, metricFactory, gaugeRegistry, metricCollector);
        this.metricCollector = metricCollector;
        setUseJMX(false);
    }

    @Override
    protected ManageableMailQueue createCacheableMailQueue(MailQueueName name) {
        metricCollector.collectQueueStatistics(name);
        return new SpoolMailQueue(connectionFactory, mailQueueItemDecoratorFactory, name, metricFactory, gaugeRegistry);
    }
}
