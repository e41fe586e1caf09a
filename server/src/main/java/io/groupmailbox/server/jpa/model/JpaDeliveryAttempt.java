package io.groupmailbox.server.jpa.model;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.NamedQuery;
import javax.persistence.Table;

/**
 * A delivery of a spooled mail to one recipient that was started: the key is a SHA-256 of the mail's name and
 * the recipient; {@code uidNext} is the next UID of the target mailbox just before the append.
 */
@Entity(name = "DeliveryAttempt")
@Table(name = "GM_DELIVERY_ATTEMPT", indexes = @Index(name = "GM_DELIVERY_ATTEMPT_CREATED", columnList = "CREATED"))
@NamedQuery(name = "deleteDeliveryAttemptsBefore",
    query = "DELETE FROM DeliveryAttempt a WHERE a.created < :before")
public class JpaDeliveryAttempt {

    @Id
    @Column(name = "DELIVERY_KEY", length = 64)
    private String deliveryKey;

    @Basic(optional = false)
    @Column(name = "UID_NEXT", nullable = false)
    private long uidNext;

    @Basic(optional = false)
    @Column(name = "CREATED", nullable = false)
    private long created;

    protected JpaDeliveryAttempt() {
    }

    public JpaDeliveryAttempt(String deliveryKey, long uidNext, long created) {
        this.deliveryKey = deliveryKey;
        this.uidNext = uidNext;
        this.created = created;
    }

    public long getUidNext() {
        return uidNext;
    }
}
