package io.groupmailbox.server.imap;

import java.util.Optional;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.InsufficientRightsException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxACL;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.store.StoreRightManager;

import io.groupmailbox.group.GroupReconciler;
import io.groupmailbox.login.GroupLogin;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sessions in which a member is logged in as a group account ({@link GroupLoginSessionProvider}): the session's
 * user is the group, so James counts them as the owner of every group folder; rights come from the member's role
 * instead ({@link MemberRightsInGroupSessions}).
 */
public final class ActingMembers {

    static final String ATTRIBUTE = GroupLogin.class.getName();

    private ActingMembers() {
    }

    public static Optional<GroupLogin> of(MailboxSession session) {
        return Optional.ofNullable(session.getAttributes().get(ATTRIBUTE))
            .filter(GroupLogin.class::isInstance)
            .map(GroupLogin.class::cast);
    }

    /** Whether {@code session} holds every right on {@code path} as its owner: never for a member acting as the group. */
    public static boolean ownsWithAllRights(MailboxPath path, MailboxSession session) {
        return path.belongsTo(session) && of(session).isEmpty();
    }

    /**
     * A member logged in as the group opens only the group folders their rights let them see, checked at each command
     * (James opens any folder of the session's user): a removed member or a revoked app password finds nothing more.
     */
    static void requireLookup(Mailbox mailbox, MailboxSession session, StoreRightManager rights) {
        if (isGroupFolderOfActingMember(mailbox.generateAssociatedPath(), session)
            && !rights.hasRight(mailbox, MailboxACL.Right.Lookup, session)) {
            // thrown where James declares none (createMessageManager); its callers pass MailboxExceptions on as NO
            ActingMembers.<RuntimeException>sneakyThrow(new MailboxNotFoundException(mailbox.generateAssociatedPath()));
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneakyThrow(Throwable e) throws E {
        throw (E) e;
    }

    /**
     * For a member logged in as the group: an error when their rights on the group folder {@code path} (existing or
     * not: their role's, or their per-folder rights) lack {@code right} (k to create, x to delete or rename away);
     * empty otherwise, and for every other session. James lets the owner create, rename and delete anything.
     */
    static <T> Mono<T> refuseWithout(StoreRightManager rights, MailboxSession session, MailboxACL.Right right, MailboxPath path) {
        if (!isGroupFolderOfActingMember(path, session) || !(rights instanceof MemberRightsInGroupSessions memberRights)) {
            return Mono.empty();
        }
        return Mono.fromCallable(() -> memberRights.memberRights(of(session).orElseThrow(), path.getName()).contains(right))
            .subscribeOn(Schedulers.boundedElastic())
            .flatMap(allowed -> allowed
                ? Mono.<T>empty()
                : Mono.error(new InsufficientRightsException(path.getName() + " needs the right "
                    + new MailboxACL.Rfc4314Rights(right).serialize() + "; " + who(rights, session) + " has not")));
    }

    /**
     * Who a refusal names: the session's user, or in a group session the member acting and their role (the session's
     * user is then the group, which would tell the member nothing).
     */
    static String who(StoreRightManager rights, MailboxSession session) {
        return of(session)
            .map(login -> rights instanceof MemberRightsInGroupSessions memberRights
                ? memberRights.actingMember(login)
                : login.member().asString())
            .orElse(session.getUser().asString());
    }

    /** Whether {@code path} is the Sent folder of the group a member is logged in as (one copy per Message-ID there). */
    static boolean isGroupSentOfActingMember(MailboxPath path, MailboxSession session) {
        return isGroupFolderOfActingMember(path, session) && path.getName().equals(GroupReconciler.SENT);
    }

    /** Whether {@code path} is a folder of the group that a member is logged in as. */
    static boolean isGroupFolderOfActingMember(MailboxPath path, MailboxSession session) {
        return of(session).map(login -> login.group().equals(path.getUser())).orElse(false);
    }
}
