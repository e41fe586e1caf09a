package io.groupmailbox.server.jpa.model;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.NamedQuery;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/** The sender mode an admin chose for {@code owner}'s delegation to {@code delegatee} ({@code send-as}, ...). */
@Entity(name = "DelegationMode")
@Table(name = "GM_DELEGATION_MODE",
    uniqueConstraints = @UniqueConstraint(name = "GM_DELEGATION_MODE_PAIR", columnNames = {"OWNER", "DELEGATEE"}))
@NamedQuery(name = "delegationMode",
    query = "SELECT m FROM DelegationMode m WHERE m.owner = :owner AND m.delegatee = :delegatee")
@NamedQuery(name = "deleteDelegationMode",
    query = "DELETE FROM DelegationMode m WHERE m.owner = :owner AND m.delegatee = :delegatee")
@NamedQuery(name = "deleteDelegationModesOfOwner",
    query = "DELETE FROM DelegationMode m WHERE m.owner = :owner")
public class JpaDelegationMode {

    @Id
    @GeneratedValue
    @Column(name = "ID")
    private long id;

    @Basic(optional = false)
    @Column(name = "OWNER", nullable = false, length = 255)
    private String owner;

    @Basic(optional = false)
    @Column(name = "DELEGATEE", nullable = false, length = 255)
    private String delegatee;

    @Basic(optional = false)
    @Column(name = "MODE", nullable = false, length = 32)
    private String mode;

    protected JpaDelegationMode() {
    }

    public JpaDelegationMode(String owner, String delegatee, String mode) {
        this.owner = owner;
        this.delegatee = delegatee;
        this.mode = mode;
    }

    public String getMode() {
        return mode;
    }

    public void setMode(String mode) {
        this.mode = mode;
    }
}
