package io.groupmailbox.server.jpa.model;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.NamedQuery;
import javax.persistence.Table;

/** A group definition, stored as its JSON form (see io.groupmailbox.group.GroupJson) under its address. */
@Entity(name = "Group")
@Table(name = "GM_GROUP")
@NamedQuery(name = "listGroups", query = "SELECT g FROM Group g ORDER BY g.address")
public class JpaGroup {

    @Id
    @Column(name = "ADDRESS", length = 255)
    private String address;

    @Basic(optional = false)
    @Column(name = "ORIGIN", nullable = false, length = 32)
    private String origin;

    @Lob
    @Basic(optional = false)
    @Column(name = "DEFINITION", nullable = false)
    private String definition;

    protected JpaGroup() {
    }

    public JpaGroup(String address, String origin, String definition) {
        this.address = address;
        this.origin = origin;
        this.definition = definition;
    }

    public String getAddress() {
        return address;
    }

    public String getOrigin() {
        return origin;
    }

    public String getDefinition() {
        return definition;
    }

    public void update(String origin, String definition) {
        this.origin = origin;
        this.definition = definition;
    }
}
