package io.groupmailbox.server.jpa.model;

import java.time.Instant;
import java.util.Optional;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.NamedQuery;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

import org.apache.james.core.Username;

import io.groupmailbox.login.AppPassword;

/** One member's app password for a group account: its selector and salted hash, never the password. */
@Entity(name = "AppPassword")
@Table(name = "GM_APP_PASSWORD",
    uniqueConstraints = @UniqueConstraint(name = "GM_APP_PASSWORD_SELECTOR", columnNames = {"GROUP_ADDRESS", "SELECTOR"}),
    indexes = @Index(name = "GM_APP_PASSWORD_MEMBER", columnList = "GROUP_ADDRESS, MEMBER"))
@NamedQuery(name = "appPasswordBySelector", query = "SELECT p FROM AppPassword p WHERE p.groupAddress = :group AND p.selector = :selector")
@NamedQuery(name = "appPasswordsOfMember", query = "SELECT p FROM AppPassword p WHERE p.groupAddress = :group AND p.member = :member ORDER BY p.created, p.id")
@NamedQuery(name = "deleteAppPassword", query = "DELETE FROM AppPassword p WHERE p.id = :id AND p.groupAddress = :group AND p.member = :member")
@NamedQuery(name = "markAppPasswordUsed", query = "UPDATE AppPassword p SET p.lastUsed = :when WHERE p.id = :id AND p.groupAddress = :group")
public class JpaAppPassword {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Basic(optional = false)
    @Column(name = "GROUP_ADDRESS", length = 255, nullable = false)
    private String groupAddress;

    @Basic(optional = false)
    @Column(name = "MEMBER", length = 255, nullable = false)
    private String member;

    @Basic(optional = false)
    @Column(name = "LABEL", length = 100, nullable = false)
    private String label;

    @Basic(optional = false)
    @Column(name = "CREATED", nullable = false)
    private long created;

    @Column(name = "LAST_USED")
    private Long lastUsed;

    @Basic(optional = false)
    @Column(name = "SELECTOR", length = 16, nullable = false)
    private String selector;

    @Basic(optional = false)
    @Column(name = "HASH", length = 200, nullable = false)
    private String hash;

    protected JpaAppPassword() {
    }

    public JpaAppPassword(AppPassword password) {
        this.id = password.id();
        this.groupAddress = password.group().asString();
        this.member = password.member().asString();
        this.label = password.label();
        this.created = password.created().toEpochMilli();
        this.lastUsed = password.lastUsed().map(Instant::toEpochMilli).orElse(null);
        this.selector = password.selector();
        this.hash = password.hash();
    }

    public AppPassword toAppPassword() {
        return new AppPassword(id, Username.of(groupAddress), Username.of(member), label, Instant.ofEpochMilli(created),
            Optional.ofNullable(lastUsed).map(Instant::ofEpochMilli), selector, hash);
    }
}
