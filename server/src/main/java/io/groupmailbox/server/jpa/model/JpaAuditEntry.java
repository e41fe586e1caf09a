package io.groupmailbox.server.jpa.model;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

import org.apache.james.core.Username;

import io.groupmailbox.audit.AuditEntry;

/** One entry of a group's audit trail; its details are a small JSON object. */
@Entity(name = "AuditEntry")
@Table(name = "GM_AUDIT", indexes = {
    @Index(name = "GM_AUDIT_GROUP", columnList = "GROUP_ADDRESS, ID"),
    @Index(name = "GM_AUDIT_TIME", columnList = "ENTRY_TIME")},
    uniqueConstraints = @UniqueConstraint(name = "GM_AUDIT_ONCE", columnNames = "ONCE_KEY"))
public class JpaAuditEntry {

    public static final int MAX_DETAILS = 4000;
    public static final int ONCE_KEY_LENGTH = 255;

    @Id
    @GeneratedValue
    @Column(name = "ID")
    private long id;

    @Basic(optional = false)
    @Column(name = "ENTRY_TIME", nullable = false)
    private long time;

    @Basic(optional = false)
    @Column(name = "GROUP_ADDRESS", length = 255, nullable = false)
    private String groupAddress;

    @Basic(optional = false)
    @Column(name = "MEMBER", length = 255, nullable = false)
    private String member;

    @Basic(optional = false)
    @Column(name = "ACTION", length = 40, nullable = false)
    private String action;

    @Basic(optional = false)
    @Column(name = "METHOD", length = 40, nullable = false)
    private String method;

    @Basic(optional = false)
    @Column(name = "DETAILS", length = MAX_DETAILS, nullable = false)
    private String details;

    /**
     * For an entry recorded once per key (a mail's "sent"), the key: the unique constraint refuses a second one. Other
     * entries get a random value (OpenJPA makes a unique column NOT NULL).
     */
    @Basic(optional = false)
    @Column(name = "ONCE_KEY", length = ONCE_KEY_LENGTH, nullable = false)
    private String onceKey;

    protected JpaAuditEntry() {
    }

    public JpaAuditEntry(AuditEntry entry, String detailsJson) {
        this.time = entry.time().toEpochMilli();
        this.groupAddress = entry.group().asString();
        this.member = entry.member().asString();
        this.action = entry.action();
        this.method = entry.method();
        this.details = detailsJson;
        this.onceKey = "entry " + UUID.randomUUID();
    }

    public JpaAuditEntry(AuditEntry entry, String detailsJson, String onceKey) {
        this(entry, detailsJson);
        this.onceKey = onceKey;
    }

    public long getId() {
        return id;
    }

    public String getDetails() {
        return details;
    }

    public AuditEntry toEntry(Map<String, String> parsedDetails) {
        return new AuditEntry(id, Instant.ofEpochMilli(time), Username.of(groupAddress), Username.of(member), action, method,
            parsedDetails);
    }
}
