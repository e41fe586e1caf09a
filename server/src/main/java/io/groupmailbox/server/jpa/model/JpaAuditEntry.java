package io.groupmailbox.server.jpa.model;

import java.time.Instant;
import java.util.Map;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

import org.apache.james.core.Username;

import io.groupmailbox.audit.AuditEntry;

/** One entry of a group's audit trail; its details are a small JSON object. */
@Entity(name = "AuditEntry")
@Table(name = "GM_AUDIT", indexes = {
    @Index(name = "GM_AUDIT_GROUP", columnList = "GROUP_ADDRESS, ID"),
    @Index(name = "GM_AUDIT_TIME", columnList = "ENTRY_TIME")})
public class JpaAuditEntry {

    public static final int MAX_DETAILS = 4000;

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

    protected JpaAuditEntry() {
    }

    public JpaAuditEntry(AuditEntry entry, String detailsJson) {
        this.time = entry.time().toEpochMilli();
        this.groupAddress = entry.group().asString();
        this.member = entry.member().asString();
        this.action = entry.action();
        this.method = entry.method();
        this.details = detailsJson;
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
