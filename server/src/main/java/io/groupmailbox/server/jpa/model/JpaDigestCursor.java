package io.groupmailbox.server.jpa.model;

import java.io.Serializable;
import java.util.Objects;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.NamedQuery;
import javax.persistence.Table;

/** Where one member's digest of one group stands: the UID of the last group-INBOX message summarised for them. */
@Entity(name = "DigestCursor")
@Table(name = "GM_DIGEST_CURSOR")
@IdClass(JpaDigestCursor.Key.class)
@NamedQuery(name = "digestCursorsOfGroup", query = "SELECT c FROM DigestCursor c WHERE c.groupAddress = :group")
@NamedQuery(name = "deleteDigestCursor", query = "DELETE FROM DigestCursor c WHERE c.groupAddress = :group AND c.member = :member")
@NamedQuery(name = "deleteDigestCursorsOfGroup", query = "DELETE FROM DigestCursor c WHERE c.groupAddress = :group")
public class JpaDigestCursor {

    /** The primary key: (group, member). */
    public static class Key implements Serializable {
        private String groupAddress;
        private String member;

        public Key() {
        }

        public Key(String groupAddress, String member) {
            this.groupAddress = groupAddress;
            this.member = member;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(groupAddress, key.groupAddress) && Objects.equals(member, key.member);
        }

        @Override
        public int hashCode() {
            return Objects.hash(groupAddress, member);
        }
    }

    @Id
    @Column(name = "GROUP_ADDRESS", length = 255)
    private String groupAddress;

    @Id
    @Column(name = "MEMBER", length = 255)
    private String member;

    @Basic(optional = false)
    @Column(name = "LAST_UID", nullable = false)
    private long lastUid;

    protected JpaDigestCursor() {
    }

    public JpaDigestCursor(String groupAddress, String member, long lastUid) {
        this.groupAddress = groupAddress;
        this.member = member;
        this.lastUid = lastUid;
    }

    public String getMember() {
        return member;
    }

    public long getLastUid() {
        return lastUid;
    }
}
