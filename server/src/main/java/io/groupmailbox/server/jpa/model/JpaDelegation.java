package io.groupmailbox.server.jpa.model;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.NamedQuery;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/** {@code baseUser} lets {@code authorizedUser} act as them (IMAP delegated login, sending as them). */
@Entity(name = "Delegation")
@Table(name = "GM_DELEGATION",
    uniqueConstraints = @UniqueConstraint(name = "GM_DELEGATION_PAIR", columnNames = {"BASE_USER", "AUTHORIZED_USER"}),
    indexes = @Index(name = "GM_DELEGATION_AUTHORIZED", columnList = "AUTHORIZED_USER"))
@NamedQuery(name = "delegationsOfBaseUser",
    query = "SELECT d FROM Delegation d WHERE d.baseUser = :baseUser")
@NamedQuery(name = "delegationsToAuthorizedUser",
    query = "SELECT d FROM Delegation d WHERE d.authorizedUser = :authorizedUser")
@NamedQuery(name = "delegationPair",
    query = "SELECT d FROM Delegation d WHERE d.baseUser = :baseUser AND d.authorizedUser = :authorizedUser")
@NamedQuery(name = "deleteDelegationPair",
    query = "DELETE FROM Delegation d WHERE d.baseUser = :baseUser AND d.authorizedUser = :authorizedUser")
@NamedQuery(name = "deleteDelegationsOfBaseUser",
    query = "DELETE FROM Delegation d WHERE d.baseUser = :baseUser")
public class JpaDelegation {

    @Id
    @GeneratedValue
    @Column(name = "ID")
    private long id;

    @Basic(optional = false)
    @Column(name = "BASE_USER", nullable = false, length = 255)
    private String baseUser;

    @Basic(optional = false)
    @Column(name = "AUTHORIZED_USER", nullable = false, length = 255)
    private String authorizedUser;

    protected JpaDelegation() {
    }

    public JpaDelegation(String baseUser, String authorizedUser) {
        this.baseUser = baseUser;
        this.authorizedUser = authorizedUser;
    }

    public String getBaseUser() {
        return baseUser;
    }

    public String getAuthorizedUser() {
        return authorizedUser;
    }
}
