package io.groupmailbox.server.jpa.model;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.NamedQuery;
import javax.persistence.Table;

/**
 * One entry of a mailbox's ACL (RFC 4314): who ({@code entryKey}, James's serialized form such as
 * {@code alice@example.fr} or {@code -bob@example.fr}) holds which rights on which mailbox.
 *
 * <p>James 3.8.1's JPA mailbox keeps ACLs in memory only; this table is what makes them survive a restart.
 */
@Entity(name = "MailboxAclEntry")
@Table(name = "GM_MAILBOX_ACL", indexes = {
    @Index(name = "GM_MAILBOX_ACL_MAILBOX", columnList = "MAILBOX_ID"),
    @Index(name = "GM_MAILBOX_ACL_KEY", columnList = "ENTRY_KEY")
})
@NamedQuery(name = "aclOfMailbox",
    query = "SELECT e FROM MailboxAclEntry e WHERE e.mailboxId = :mailboxId")
@NamedQuery(name = "aclOfMailboxes",
    query = "SELECT e FROM MailboxAclEntry e WHERE e.mailboxId IN :mailboxIds")
@NamedQuery(name = "aclEntriesOfKey",
    query = "SELECT e FROM MailboxAclEntry e WHERE e.entryKey = :entryKey")
@NamedQuery(name = "deleteAclOfMailbox",
    query = "DELETE FROM MailboxAclEntry e WHERE e.mailboxId = :mailboxId")
public class JpaMailboxAclEntry {

    @Id
    @GeneratedValue
    @Column(name = "ID")
    private long id;

    @Basic(optional = false)
    @Column(name = "MAILBOX_ID", nullable = false)
    private long mailboxId;

    @Basic(optional = false)
    @Column(name = "ENTRY_KEY", nullable = false, length = 255)
    private String entryKey;

    @Basic(optional = false)
    @Column(name = "RIGHTS", nullable = false, length = 32)
    private String rights;

    protected JpaMailboxAclEntry() {
    }

    public JpaMailboxAclEntry(long mailboxId, String entryKey, String rights) {
        this.mailboxId = mailboxId;
        this.entryKey = entryKey;
        this.rights = rights;
    }

    public long getMailboxId() {
        return mailboxId;
    }

    public String getEntryKey() {
        return entryKey;
    }

    public String getRights() {
        return rights;
    }
}
