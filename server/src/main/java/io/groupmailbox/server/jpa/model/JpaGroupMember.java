package io.groupmailbox.server.jpa.model;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.NamedQuery;
import javax.persistence.Table;

/** Who is a member of which group: the index that answers "the groups of alice" without reading every group. */
@Entity(name = "GroupMember")
@Table(name = "GM_GROUP_MEMBER", indexes = {
    @Index(name = "GM_GROUP_MEMBER_MEMBER", columnList = "MEMBER"),
    @Index(name = "GM_GROUP_MEMBER_GROUP", columnList = "GROUP_ADDRESS")
})
@NamedQuery(name = "groupsOfMember", query = "SELECT m.groupAddress FROM GroupMember m WHERE m.member = :member")
@NamedQuery(name = "deleteMembersOfGroup", query = "DELETE FROM GroupMember m WHERE m.groupAddress = :group")
public class JpaGroupMember {

    @Id
    @GeneratedValue
    @Column(name = "ID")
    private long id;

    @Basic(optional = false)
    @Column(name = "GROUP_ADDRESS", nullable = false, length = 255)
    private String groupAddress;

    @Basic(optional = false)
    @Column(name = "MEMBER", nullable = false, length = 255)
    private String member;

    protected JpaGroupMember() {
    }

    public JpaGroupMember(String groupAddress, String member) {
        this.groupAddress = groupAddress;
        this.member = member;
    }
}
