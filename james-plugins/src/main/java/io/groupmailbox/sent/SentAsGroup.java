package io.groupmailbox.sent;

import java.util.Collection;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

import io.groupmailbox.group.GroupRepository;

/**
 * Matches mail that an authenticated member sent as their group (From: the group's address), so that
 * {@link GroupSentCopy} files it in the group's Sent and marks the original answered.
 *
 * <pre>
 * &lt;mailet match="io.groupmailbox.sent.SentAsGroup" class="io.groupmailbox.sent.GroupSentCopy"/&gt;
 * </pre>
 */
public class SentAsGroup extends GenericMatcher {

    private final GroupRepository groups;

    @Inject
    public SentAsGroup(GroupRepository groups) {
        this.groups = groups;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return SenderOfMail.sentAsGroup(mail, groups).isPresent() ? mail.getRecipients() : List.of();
    }
}
