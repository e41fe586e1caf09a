package io.groupmailbox.server.imap;

import javax.inject.Inject;
import javax.mail.Flags;

import org.apache.james.events.EventBus;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.acl.MailboxACLResolver;
import org.apache.james.mailbox.exception.InsufficientRightsException;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.exception.UnsupportedRightException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxACL;
import org.apache.james.mailbox.model.MailboxACL.Right;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.StoreRightManager;
import org.reactivestreams.Publisher;

import com.google.common.collect.ImmutableMap;

import io.groupmailbox.group.GroupRepository;
import io.groupmailbox.login.AppPasswords;
import io.groupmailbox.login.GroupLogin;
import reactor.core.publisher.Mono;

/**
 * James's right manager, except in a session where a member is logged in as a group ({@link ActingMembers}): there
 * James would give the group's owner rights on all its folders; here each folder of the group gives the member's
 * rights for it (their role, or their per-folder rights, {@code GroupMember.rightsOn}), checked at each use, so that
 * a member removed from the group, or whose app password was revoked, can do nothing more from the next command.
 */
public class MemberRightsInGroupSessions extends StoreRightManager {

    private final MailboxSessionMapperFactory mappers;
    private final GroupRepository groups;
    private final AppPasswords appPasswords;

    @Inject
    public MemberRightsInGroupSessions(MailboxSessionMapperFactory mailboxSessionMapperFactory, MailboxACLResolver aclResolver,
                                       EventBus eventBus, GroupRepository groups, AppPasswords appPasswords) {
        super(mailboxSessionMapperFactory, aclResolver, eventBus);
        this.mappers = mailboxSessionMapperFactory;
        this.groups = groups;
        this.appPasswords = appPasswords;
    }

    @Override
    public MailboxACL.Rfc4314Rights myRights(Mailbox mailbox, MailboxSession session) {
        if (!ActingMembers.isGroupFolderOfActingMember(mailbox.generateAssociatedPath(), session)) {
            return super.myRights(mailbox, session);
        }
        return memberRights(ActingMembers.of(session).orElseThrow(), mailbox.getName());
    }

    @Override
    public Mono<MailboxACL.Rfc4314Rights> myRightsReactive(MailboxPath mailboxPath, MailboxSession session) {
        if (!ActingMembers.isGroupFolderOfActingMember(mailboxPath, session)) {
            return super.myRightsReactive(mailboxPath, session);
        }
        return mappers.getMailboxMapper(session).findMailboxByPath(mailboxPath)
            .map(mailbox -> myRights(mailbox, session))
            .switchIfEmpty(Mono.error(new MailboxNotFoundException(mailboxPath)));
    }

    @Override
    public MailboxACL.Rfc4314Rights myRights(MailboxPath mailboxPath, MailboxSession session) throws MailboxException {
        return myRightsReactive(mailboxPath, session).block();
    }

    @Override
    public boolean hasRight(MailboxPath mailboxPath, Right right, MailboxSession session) throws MailboxException {
        return myRights(mailboxPath, session).contains(right);
    }

    @Override
    public Mono<Boolean> hasRightReactive(MailboxPath mailboxPath, Right right, MailboxSession session) {
        return myRightsReactive(mailboxPath, session).map(rights -> rights.contains(right));
    }

    /** Read-write as RFC 4314 says for a non-owner: some right to change the folder. */
    @Override
    public boolean isReadWrite(MailboxSession session, Mailbox mailbox, Flags sharedPermanentFlags) {
        if (!ActingMembers.isGroupFolderOfActingMember(mailbox.generateAssociatedPath(), session)) {
            return super.isReadWrite(session, mailbox, sharedPermanentFlags);
        }
        MailboxACL.Rfc4314Rights rights = myRights(mailbox, session);
        return rights.contains(Right.Insert) || rights.contains(Right.PerformExpunge)
            || rights.contains(Right.DeleteMessages) || rights.contains(Right.WriteSeenFlag) || rights.contains(Right.Write);
    }

    /** The member's own entry, never the group's whole ACL (which names every member). */
    @Override
    public MailboxACL getResolvedMailboxACL(Mailbox mailbox, MailboxSession session) throws UnsupportedRightException {
        if (!ActingMembers.isGroupFolderOfActingMember(mailbox.generateAssociatedPath(), session)) {
            return super.getResolvedMailboxACL(mailbox, session);
        }
        return new MailboxACL(ImmutableMap.of(MailboxACL.EntryKey.createUserEntryKey(session.getUser()), myRights(mailbox, session)));
    }

    @Override
    public void applyRightsCommand(MailboxPath mailboxPath, MailboxACL.ACLCommand command, MailboxSession session) throws MailboxException {
        requireAdminister(mailboxPath, session);
        super.applyRightsCommand(mailboxPath, command, session);
    }

    @Override
    public Mono<Void> applyRightsCommandReactive(MailboxPath mailboxPath, MailboxACL.ACLCommand command, MailboxSession session) {
        return Mono.fromCallable(() -> requireAdminister(mailboxPath, session))
            .then(super.applyRightsCommandReactive(mailboxPath, command, session));
    }

    @Override
    public void applyRightsCommand(MailboxId mailboxId, MailboxACL.ACLCommand command, MailboxSession session) throws MailboxException {
        Mailbox mailbox = mappers.getMailboxMapper(session).findMailboxById(mailboxId).blockOptional()
            .orElseThrow(() -> new MailboxNotFoundException(mailboxId));
        applyRightsCommand(mailbox.generateAssociatedPath(), command, session);
    }

    @Override
    public void setRights(MailboxPath mailboxPath, MailboxACL acl, MailboxSession session) throws MailboxException {
        requireAdminister(mailboxPath, session);
        super.setRights(mailboxPath, acl, session);
    }

    private boolean requireAdminister(MailboxPath mailboxPath, MailboxSession session) throws MailboxException {
        if (ActingMembers.isGroupFolderOfActingMember(mailboxPath, session) && !hasRight(mailboxPath, Right.Administer, session)) {
            throw new InsufficientRightsException("Setting rights on " + mailboxPath.getName() + " needs the a right");
        }
        return true;
    }

    /** Who acts in a group session, for a refusal: {@code bob@example.fr, a reader of support@example.fr,}. */
    String actingMember(GroupLogin login) {
        return login.member().asString() + groups.get(login.group())
            .flatMap(group -> group.member(login.member()))
            .map(member -> ", a " + member.role().asString() + " of " + login.group().asString() + ",")
            .orElse(", no longer a member of " + login.group().asString() + ",");
    }

    /** The member's rights on the group's folder {@code folder}, which need not exist yet; none once the grant is gone. */
    MailboxACL.Rfc4314Rights memberRights(GroupLogin login, String folder) {
        if (!appPasswords.stillValid(login)) {
            return MailboxACL.NO_RIGHTS;
        }
        return groups.get(login.group())
            .flatMap(group -> group.member(login.member()))
            .map(member -> rfc4314(member.rightsOn(folder).letters()))
            .orElse(MailboxACL.NO_RIGHTS);
    }

    private static MailboxACL.Rfc4314Rights rfc4314(String letters) {
        try {
            return MailboxACL.Rfc4314Rights.fromSerializedRfc4314Rights(letters);
        } catch (UnsupportedRightException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
