package io.groupmailbox.delivery;

import java.util.Collection;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

import com.google.common.collect.ImmutableList;

import io.groupmailbox.group.GroupRepository;

/**
 * Matches the recipients that are group addresses (after James's alias rewriting), so that
 * {@link GroupDelivery} stores the mail once in the group's INBOX.
 *
 * <pre>
 * &lt;mailet match="io.groupmailbox.delivery.RecipientIsGroup" class="io.groupmailbox.delivery.GroupDelivery"/&gt;
 * </pre>
 */
public class RecipientIsGroup extends GenericMatcher {

    private final GroupRepository groups;

    @Inject
    public RecipientIsGroup(GroupRepository groups) {
        this.groups = groups;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return mail.getRecipients().stream()
            .filter(recipient -> groups.get(Username.fromMailAddress(recipient)).isPresent())
            .collect(ImmutableList.toImmutableList());
    }
}
