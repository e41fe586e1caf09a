package io.groupmailbox.server.jpa.model;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.NamedQuery;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;
import javax.persistence.Version;

/**
 * An external account of a user: confirmed, or pending with the hash of its one-time code (never the code),
 * the code's expiry (epoch milliseconds) and the wrong attempts so far.
 */
@Entity(name = "ExternalAccount")
@Table(name = "GM_EXTERNAL_ACCOUNT",
    uniqueConstraints = @UniqueConstraint(name = "GM_EXTERNAL_ACCOUNT_PAIR", columnNames = {"USER_NAME", "ADDRESS"}))
@NamedQuery(name = "externalAccountsOfUser",
    query = "SELECT a FROM ExternalAccount a WHERE a.userName = :user ORDER BY a.address")
@NamedQuery(name = "externalAccount",
    query = "SELECT a FROM ExternalAccount a WHERE a.userName = :user AND a.address = :address")
@NamedQuery(name = "deleteExternalAccount",
    query = "DELETE FROM ExternalAccount a WHERE a.userName = :user AND a.address = :address")
public class JpaExternalAccount {

    @Id
    @GeneratedValue
    @Column(name = "ID")
    private long id;

    @Basic(optional = false)
    @Column(name = "USER_NAME", nullable = false, length = 255)
    private String userName;

    @Basic(optional = false)
    @Column(name = "ADDRESS", nullable = false, length = 320)
    private String address;

    @Basic(optional = false)
    @Column(name = "CONFIRMED", nullable = false)
    private boolean confirmed;

    @Column(name = "CODE_HASH", length = 64)
    private String codeHash;

    @Column(name = "CODE_EXPIRY")
    private Long codeExpiry;

    @Basic(optional = false)
    @Column(name = "FAILED_ATTEMPTS", nullable = false)
    private int failedAttempts;

    @Basic(optional = false)
    @Column(name = "REGISTERED_AT", nullable = false)
    private long registeredAt;

    /** Optimistic locking: of two transactions that read the same version, only one may write. */
    @Version
    @Column(name = "VERSION")
    private long version;

    protected JpaExternalAccount() {
    }

    public JpaExternalAccount(String userName, String address) {
        this.userName = userName;
        this.address = address;
    }

    public void update(boolean confirmed, String codeHash, Long codeExpiry, int failedAttempts, long registeredAt) {
        this.confirmed = confirmed;
        this.codeHash = codeHash;
        this.codeExpiry = codeExpiry;
        this.failedAttempts = failedAttempts;
        this.registeredAt = registeredAt;
    }

    public String getUserName() {
        return userName;
    }

    public String getAddress() {
        return address;
    }

    public boolean isConfirmed() {
        return confirmed;
    }

    public String getCodeHash() {
        return codeHash;
    }

    public Long getCodeExpiry() {
        return codeExpiry;
    }

    public int getFailedAttempts() {
        return failedAttempts;
    }

    public long getRegisteredAt() {
        return registeredAt;
    }
}
