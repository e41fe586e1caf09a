package io.groupmailbox.server.jpa.model;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.NamedQuery;
import javax.persistence.Table;

/**
 * A spooled mail stored in one recipient's mailbox, written in the transaction that stored the message: the key
 * is a SHA-256 of the mail's name and the recipient, and the message is {@code mailboxId}/{@code uid}.
 *
 * <p>Replaces {@code GM_DELIVERY_ATTEMPT} of earlier versions, whose rows were written before the append and so do
 * not prove that a message was stored; that table is no longer read.
 */
@Entity(name = "Delivery")
@Table(name = "GM_DELIVERY", indexes = @Index(name = "GM_DELIVERY_CREATED", columnList = "CREATED"))
@NamedQuery(name = "deliveryKeysBefore",
    query = "SELECT d.deliveryKey FROM Delivery d WHERE d.created < :before")
@NamedQuery(name = "deleteDeliveries",
    query = "DELETE FROM Delivery d WHERE d.deliveryKey IN :keys")
public class JpaDelivery {

    @Id
    @Column(name = "DELIVERY_KEY", length = 64)
    private String deliveryKey;

    @Basic(optional = false)
    @Column(name = "MAILBOX_ID", nullable = false)
    private long mailboxId;

    @Basic(optional = false)
    @Column(name = "MAIL_UID", nullable = false)
    private long uid;

    @Basic(optional = false)
    @Column(name = "CREATED", nullable = false)
    private long created;

    protected JpaDelivery() {
    }

    public JpaDelivery(String deliveryKey, long mailboxId, long uid, long created) {
        this.deliveryKey = deliveryKey;
        this.mailboxId = mailboxId;
        this.uid = uid;
        this.created = created;
    }
}
