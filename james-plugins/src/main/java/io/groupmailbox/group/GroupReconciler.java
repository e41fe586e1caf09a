package io.groupmailbox.group;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.inject.Named;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.UnsupportedRightException;
import org.apache.james.mailbox.model.MailboxACL;
import org.apache.james.mailbox.model.MailboxMetaData;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.search.MailboxQuery;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.groupmailbox.imap.GroupFolders;

/**
 * Makes James's stores say what a group definition says: the group's account exists, its INBOX and Sent
 * exist, and the ACL of each of its folders is exactly the members' rights (anyone else's entry removed).
 * Idempotent: a run that finds everything in place writes nothing.
 */
public class GroupReconciler {

    public static final String INBOX = "INBOX";
    public static final String SENT = "Sent";
    static final List<String> FOLDERS = List.of(INBOX, SENT);
    private static final Logger LOGGER = LoggerFactory.getLogger(GroupReconciler.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UsersRepository usersRepository;
    private final MailboxManager mailboxManager;
    private final SubscriptionManager subscriptions;

    @Inject
    public GroupReconciler(UsersRepository usersRepository, @Named("mailboxmanager") MailboxManager mailboxManager,
                           SubscriptionManager subscriptions) {
        this.usersRepository = usersRepository;
        this.mailboxManager = mailboxManager;
        this.subscriptions = subscriptions;
    }

    /**
     * Applies {@code group}; {@code previous} is what was applied before, if anything, so that members who left
     * are unsubscribed from its folders.
     */
    public void reconcile(Optional<GroupDefinition> previous, GroupDefinition group) throws UsersRepositoryException, MailboxException {
        reconcile(group);
        Set<Username> members = group.members().stream().map(GroupMember::address).collect(Collectors.toSet());
        for (GroupMember member : group.members()) {
            subscribe(member.address(), group);
        }
        for (GroupMember former : previous.map(GroupDefinition::members).orElse(List.of())) {
            if (!members.contains(former.address())) {
                unsubscribe(former.address(), previous.get());
            }
        }
    }

    /** Members see the group's folders in clients that show subscribed folders only (Thunderbird's default). */
    private void subscribe(Username member, GroupDefinition group) throws MailboxException {
        MailboxSession session = mailboxManager.createSystemSession(member);
        for (String folder : GroupFolders.folders()) {
            subscriptions.subscribe(session, GroupFolders.mountPath(member, group, folder));
        }
    }

    private void unsubscribe(Username member, GroupDefinition group) throws MailboxException {
        MailboxSession session = mailboxManager.createSystemSession(member);
        for (String folder : GroupFolders.folders()) {
            subscriptions.unsubscribe(session, GroupFolders.mountPath(member, group, folder));
        }
    }

    private void reconcile(GroupDefinition group) throws UsersRepositoryException, MailboxException {
        ensureAccount(group.address());
        MailboxSession session = mailboxManager.createSystemSession(group.address());
        for (String folder : FOLDERS) {
            MailboxPath path = MailboxPath.forUser(group.address(), folder);
            if (!Boolean.TRUE.equals(reactor.core.publisher.Mono.from(mailboxManager.mailboxExists(path, session)).block())) {
                mailboxManager.createMailbox(path, session);
            }
        }
        for (MailboxPath path : folders(session)) {
            MailboxACL desired = acl(group, path.getName());
            if (!mailboxManager.listRights(path, session).equals(desired)) {
                mailboxManager.setRights(path, desired, session);
                LOGGER.info("Rights on {} of group {} set to {}", path.getName(), group.address().asString(), desired);
            }
        }
    }

    /**
     * The group is gone: nobody keeps access to its folders, and its account (made for the group, with a password
     * nobody knows) is removed, so that mail to the address is refused and the address can become a group again.
     * Its mail stays: the INBOX and Sent of the address are kept in the store and are the folders of the group
     * again if the address is made a group again.
     */
    public void revoke(GroupDefinition definition) throws MailboxException, UsersRepositoryException {
        for (GroupMember member : definition.members()) {
            unsubscribe(member.address(), definition);
        }
        Username group = definition.address();
        MailboxSession session = mailboxManager.createSystemSession(group);
        for (MailboxPath path : folders(session)) {
            mailboxManager.setRights(path, MailboxACL.EMPTY, session);
        }
        if (usersRepository.contains(group)) {
            usersRepository.removeUser(group);
            LOGGER.info("Removed the account of group {}; its folders and mail are kept", group.asString());
        }
    }

    /** The ACL one folder must have: each member's rights on it. */
    static MailboxACL acl(GroupDefinition group, String folder) throws MailboxException {
        Map<MailboxACL.EntryKey, MailboxACL.Rfc4314Rights> entries = new HashMap<>();
        for (GroupMember member : group.members()) {
            Rights rights = member.rightsOn(folder);
            if (!rights.letters().isEmpty()) {
                try {
                    entries.put(MailboxACL.EntryKey.createUserEntryKey(member.address()),
                        MailboxACL.Rfc4314Rights.fromSerializedRfc4314Rights(rights.letters()));
                } catch (UnsupportedRightException e) {
                    throw new IllegalStateException("Rights are validated when parsed", e);
                }
            }
        }
        return new MailboxACL(entries);
    }

    private List<MailboxPath> folders(MailboxSession session) throws MailboxException {
        return mailboxManager.search(MailboxQuery.privateMailboxesBuilder(session).matchesAllMailboxNames().build(), session)
            .map(MailboxMetaData::getPath)
            .filter(path -> path.belongsTo(session))
            .collectList()
            .block();
    }

    private void ensureAccount(Username group) throws UsersRepositoryException {
        if (!usersRepository.contains(group)) {
            // Nobody knows this password: the group account cannot log in until an admin sets one.
            byte[] secret = new byte[32];
            RANDOM.nextBytes(secret);
            usersRepository.addUser(group, Base64.getEncoder().encodeToString(secret));
            LOGGER.info("Created the account of group {}", group.asString());
        }
    }
}
