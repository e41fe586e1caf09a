package io.groupmailbox.server.imap;

import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.mailbox.events.MailboxEvents;

import io.groupmailbox.audit.GroupAudit;
import io.groupmailbox.group.GroupRepository;
import io.groupmailbox.login.GroupLogin;

/**
 * Audits messages leaving a group's folders (IMAP EXPUNGE, CLOSE, UID EXPUNGE, and the source side of MOVE, which
 * James records as an expunge): who (the member acting as the group, or the member's own session), which folder,
 * how many, which UIDs. Only expunges are looked at; an arriving message (delivery) costs nothing here.
 */
public class GroupFolderRemovalAudit implements EventListener.GroupEventListener {

    public static class RemovalAuditGroup extends Group {
    }

    private static final int MAX_UIDS = 200;

    private final GroupRepository groups;
    private final GroupLoginSessionProvider sessions;
    private final GroupAudit audit;

    @Inject
    public GroupFolderRemovalAudit(GroupRepository groups, GroupLoginSessionProvider sessions, GroupAudit audit) {
        this.groups = groups;
        this.sessions = sessions;
        this.audit = audit;
    }

    @Override
    public Group getDefaultGroup() {
        return new RemovalAuditGroup();
    }

    @Override
    public boolean isHandling(Event event) {
        return event instanceof MailboxEvents.Expunged;
    }

    @Override
    public void event(Event event) {
        MailboxEvents.Expunged expunged = (MailboxEvents.Expunged) event;
        Username owner = expunged.getMailboxPath().getUser();
        if (expunged.getUids().isEmpty() || groups.get(owner).isEmpty()) {
            return;
        }
        Optional<GroupLogin> login = sessions.groupLogin(expunged.getSessionId());
        Username member = login.map(GroupLogin::member).orElse(expunged.getUsername());
        String method = login.map(found -> found.method().asString())
            .orElse(member.equals(owner) ? "group-account" : "member-account");
        String uids = expunged.getUids().stream().limit(MAX_UIDS).map(uid -> String.valueOf(uid.asLong()))
            .collect(Collectors.joining(","));
        audit.removed(owner, member, "expunge", method, expunged.getMailboxPath().getName(), expunged.getUids().size(), uids);
    }
}
