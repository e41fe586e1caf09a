package io.groupmailbox.server.imap;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.events.EventBus;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.exception.InsufficientRightsException;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.jpa.JPAMailboxSessionMapperFactory;
import org.apache.james.mailbox.jpa.openjpa.OpenJPAMailboxManager;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxACL;
import org.apache.james.mailbox.model.MailboxACL.Right;
import org.apache.james.mailbox.model.MailboxCounters;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxMetaData;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.search.MailboxQuery;
import org.apache.james.mailbox.store.StoreMailboxAnnotationManager;
import org.apache.james.mailbox.store.StoreMessageManager;
import org.apache.james.mailbox.store.StoreRightManager;
import org.apache.james.mailbox.store.mail.ThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.model.impl.MessageParser;
import org.apache.james.mailbox.store.quota.QuotaComponents;
import org.apache.james.mailbox.store.search.MessageSearchIndex;
import org.reactivestreams.Publisher;

import io.groupmailbox.imap.GroupFolders;
import io.groupmailbox.imap.GroupFolders.Mount;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * James 3.8.1's JPA mailbox manager, with each member's group folders mounted in their own tree
 * ({@link GroupFolders}): IMAP 3.8.1 cannot open another user's mailbox (no shared namespace before 3.9), so a
 * member's {@code Groups.Support.INBOX} is resolved here to the group's {@code INBOX}, where James's right
 * manager applies the member's ACL rights. The mount points cannot be created, renamed or deleted; a name a
 * user may not see is simply not found (IMAP answers NO).
 *
 * <p>The only class that knows how 3.8.1 reaches shared folders: with James 3.9 it goes away.
 */
public class GroupAwareMailboxManager extends OpenJPAMailboxManager {

    private final GroupFolders groupFolders;

    @Inject
    public GroupAwareMailboxManager(JPAMailboxSessionMapperFactory mapperFactory, SessionProvider sessionProvider,
                                    MessageParser messageParser, MessageId.Factory messageIdFactory, EventBus eventBus,
                                    StoreMailboxAnnotationManager annotationManager, StoreRightManager storeRightManager,
                                    QuotaComponents quotaComponents, MessageSearchIndex index,
                                    ThreadIdGuessingAlgorithm threadIdGuessingAlgorithm, Clock clock,
                                    GroupFolders groupFolders) {
        super(mapperFactory, sessionProvider, messageParser, messageIdFactory, eventBus, annotationManager,
            storeRightManager, quotaComponents, index, threadIdGuessingAlgorithm, clock);
        this.groupFolders = groupFolders;
    }

    @Override
    protected StoreMessageManager createMessageManager(Mailbox mailbox, MailboxSession session) {
        Optional<Mount> mount = mailbox.generateAssociatedPath().belongsTo(session)
            ? Optional.empty()
            : groupFolders.byGroupPath(session.getUser(), mailbox.generateAssociatedPath());
        boolean groupSent = mount.map(found -> found.groupPath().getName().equals(io.groupmailbox.group.GroupReconciler.SENT)).orElse(false);
        return new GroupFolderMessageManager(getMapperFactory(), getMessageSearchIndex(), getEventBus(), getLocker(),
            mailbox, getQuotaComponents().getQuotaManager(), getQuotaComponents().getQuotaRootResolver(),
            getMessageIdFactory(), configuration.getBatchSizes(), getStoreRightManager(), getThreadIdGuessingAlgorithm(),
            getClock(), mount.map(Mount::mountPath), groupSent);
    }

    @Override
    public Mono<MessageManager> getMailboxReactive(MailboxPath path, MailboxSession session) {
        if (!GroupFolders.isUnderRoot(path) || !path.belongsTo(session)) {
            return super.getMailboxReactive(path, session);
        }
        return mount(path)
            .flatMap(mount -> super.getMailboxReactive(mount.groupPath(), session))
            .switchIfEmpty(Mono.error(() -> new MailboxNotFoundException(path)))
            .onErrorMap(MailboxNotFoundException.class, e -> new MailboxNotFoundException(path));
    }

    @Override
    public Mono<Boolean> mailboxExists(MailboxPath path, MailboxSession session) {
        if (!GroupFolders.isUnderRoot(path) || !path.belongsTo(session)) {
            return super.mailboxExists(path, session);
        }
        return mount(path).hasElement();
    }

    /**
     * A query on the session's own tree (what IMAP LIST asks) also finds its group folders, under their mounted
     * names; James already keeps other users' folders out of such a query.
     */
    @Override
    public Flux<MailboxMetaData> search(MailboxQuery query, MailboxSearchFetchType fetchType, MailboxSession session) {
        Flux<MailboxMetaData> own = super.search(query, fetchType, session);
        if (!query.isPrivateMailboxes(session)) {
            return own;
        }
        Flux<MailboxMetaData> mounted = Mono.fromCallable(() -> groupFolders.mountsOf(session.getUser()))
            .subscribeOn(Schedulers.boundedElastic())
            .flatMapIterable(mounts -> mounts)
            .filter(mount -> query.isPathMatch(mount.mountPath()))
            .concatMap(mount -> super.getMailboxReactive(mount.groupPath(), session)
                .map(messageManager -> mountedMetaData(mount, messageManager, session))
                .onErrorResume(MailboxNotFoundException.class, e -> Mono.empty()));
        return Flux.concat(own, mounted);
    }

    private MailboxMetaData mountedMetaData(Mount mount, MessageManager groupFolder, MailboxSession session) {
        try {
            Mailbox entity = groupFolder.getMailboxEntity();
            Mailbox shown = new Mailbox(mount.mountPath(), entity.getUidValidity(), entity.getMailboxId());
            return new MailboxMetaData(shown, session.getPathDelimiter(), MailboxMetaData.Children.HAS_NO_CHILDREN,
                MailboxMetaData.Selectability.NONE, entity.getACL(), MailboxCounters.empty(entity.getMailboxId()));
        } catch (MailboxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Mono<MailboxId> createMailboxReactive(MailboxPath path, CreateOption option, MailboxSession session) {
        if (GroupFolders.isUnderRoot(path)) {
            return Mono.error(new MailboxException(path.getName() + ": the " + GroupFolders.ROOT + " folders are your groups' folders and cannot be created"));
        }
        return super.createMailboxReactive(path, option, session);
    }

    @Override
    public void deleteMailbox(MailboxPath path, MailboxSession session) throws MailboxException {
        refuseMountPoint(path);
        super.deleteMailbox(path, session);
    }

    @Override
    public Mono<Void> deleteMailboxReactive(MailboxPath path, MailboxSession session) {
        if (GroupFolders.isUnderRoot(path)) {
            return Mono.error(mountPointError(path));
        }
        return super.deleteMailboxReactive(path, session);
    }

    @Override
    public Mono<List<MailboxRenamedResult>> renameMailboxReactive(MailboxPath from, MailboxPath to, RenameOption option,
                                                                  MailboxSession fromSession, MailboxSession toSession) {
        if (GroupFolders.isUnderRoot(from) || GroupFolders.isUnderRoot(to)) {
            return Mono.error(mountPointError(GroupFolders.isUnderRoot(from) ? from : to));
        }
        return super.renameMailboxReactive(from, to, option, fromSession, toSession);
    }

    @Override
    public List<MailboxRenamedResult> renameMailbox(MailboxPath from, MailboxPath to, RenameOption option,
                                                    MailboxSession session) throws MailboxException {
        refuseMountPoint(from);
        refuseMountPoint(to);
        return super.renameMailbox(from, to, option, session);
    }

    @Override
    public List<MessageRange> copyMessages(MessageRange set, MailboxId from, MailboxId to, MailboxSession session) throws MailboxException {
        requireRights(to, session, Right.Insert);
        return super.copyMessages(set, from, to, session);
    }

    @Override
    public Flux<MessageRange> copyMessagesReactive(MessageRange set, MailboxId from, MailboxId to, MailboxSession session) {
        return Mono.fromRunnable(() -> requireRightsUnchecked(to, session, Right.Insert))
            .subscribeOn(Schedulers.boundedElastic())
            .thenMany(super.copyMessagesReactive(set, from, to, session));
    }

    @Override
    public List<MessageRange> copyMessages(MessageRange set, MailboxPath from, MailboxPath to, MailboxSession session) throws MailboxException {
        return copyMessages(set, getMailbox(from, session).getId(), getMailbox(to, session).getId(), session);
    }

    @Override
    public Flux<MessageRange> copyMessagesReactive(MessageRange set, MailboxPath from, MailboxPath to, MailboxSession session) {
        return Mono.zip(getMailboxReactive(from, session), getMailboxReactive(to, session))
            .flatMapMany(pair -> copyMessagesReactive(set, pair.getT1().getId(), pair.getT2().getId(), session));
    }

    /** MOVE takes messages out of the source: it needs the rights to delete and expunge there, and to insert in the target. */
    @Override
    public List<MessageRange> moveMessages(MessageRange set, MailboxId from, MailboxId to, MailboxSession session) throws MailboxException {
        requireRights(from, session, Right.DeleteMessages, Right.PerformExpunge);
        requireRights(to, session, Right.Insert);
        return super.moveMessages(set, from, to, session);
    }

    @Override
    public Flux<MessageRange> moveMessagesReactive(MessageRange set, MailboxId from, MailboxId to, MailboxSession session) {
        return Mono.fromRunnable(() -> {
                requireRightsUnchecked(from, session, Right.DeleteMessages, Right.PerformExpunge);
                requireRightsUnchecked(to, session, Right.Insert);
            })
            .subscribeOn(Schedulers.boundedElastic())
            .thenMany(super.moveMessagesReactive(set, from, to, session));
    }

    @Override
    public List<MessageRange> moveMessages(MessageRange set, MailboxPath from, MailboxPath to, MailboxSession session) throws MailboxException {
        return moveMessages(set, getMailbox(from, session).getId(), getMailbox(to, session).getId(), session);
    }

    @Override
    public Flux<MessageRange> moveMessagesReactive(MessageRange set, MailboxPath from, MailboxPath to, MailboxSession session) {
        return Mono.zip(getMailboxReactive(from, session), getMailboxReactive(to, session))
            .flatMapMany(pair -> moveMessagesReactive(set, pair.getT1().getId(), pair.getT2().getId(), session));
    }

    /**
     * James 3.8.1's CLOSE sends no answer at all to a user without the e right (the client hangs): let it through,
     * {@link GroupFolderMessageManager} then expunges nothing for such a user.
     */
    @Override
    public boolean hasRight(Mailbox mailbox, Right right, MailboxSession session) throws MailboxException {
        if (right == Right.PerformExpunge && !mailbox.generateAssociatedPath().belongsTo(session)) {
            return super.hasRight(mailbox, Right.Lookup, session);
        }
        return super.hasRight(mailbox, right, session);
    }

    @Override
    public MailboxACL.Rfc4314Rights myRights(MailboxPath path, MailboxSession session) throws MailboxException {
        return super.myRights(resolve(path), session);
    }

    @Override
    public Publisher<MailboxACL.Rfc4314Rights> myRightsReactive(MailboxPath path, MailboxSession session) {
        return resolveReactive(path).flatMap(resolved -> Mono.from(super.myRightsReactive(resolved, session)));
    }

    @Override
    public boolean hasRight(MailboxPath path, Right right, MailboxSession session) throws MailboxException {
        return super.hasRight(resolve(path), right, session);
    }

    @Override
    public Publisher<Boolean> hasRightReactive(MailboxPath path, Right right, MailboxSession session) {
        return resolveReactive(path).flatMap(resolved -> Mono.from(super.hasRightReactive(resolved, right, session)));
    }

    @Override
    public MailboxACL listRights(MailboxPath path, MailboxSession session) throws MailboxException {
        return super.listRights(resolve(path), session);
    }

    @Override
    public List<MailboxACL.Rfc4314Rights> listRights(MailboxPath path, MailboxACL.EntryKey key, MailboxSession session) throws MailboxException {
        return super.listRights(resolve(path), key, session);
    }

    @Override
    public void applyRightsCommand(MailboxPath path, MailboxACL.ACLCommand command, MailboxSession session) throws MailboxException {
        super.applyRightsCommand(resolve(path), command, session);
    }

    @Override
    public Publisher<Void> applyRightsCommandReactive(MailboxPath path, MailboxACL.ACLCommand command, MailboxSession session) {
        return resolveReactive(path).flatMap(resolved -> Mono.from(super.applyRightsCommandReactive(resolved, command, session)));
    }

    @Override
    public void setRights(MailboxPath path, MailboxACL acl, MailboxSession session) throws MailboxException {
        super.setRights(resolve(path), acl, session);
    }

    private Mono<Mount> mount(MailboxPath path) {
        return Mono.fromCallable(() -> groupFolders.byMountPath(path))
            .subscribeOn(Schedulers.boundedElastic())
            .flatMap(Mono::justOrEmpty);
    }

    /** The group folder a mount point stands for; any other path as it is. */
    private MailboxPath resolve(MailboxPath path) {
        if (!GroupFolders.isUnderRoot(path)) {
            return path;
        }
        return groupFolders.byMountPath(path).map(Mount::groupPath).orElse(path);
    }

    private Mono<MailboxPath> resolveReactive(MailboxPath path) {
        if (!GroupFolders.isUnderRoot(path)) {
            return Mono.just(path);
        }
        return mount(path).map(Mount::groupPath).defaultIfEmpty(path);
    }

    private void requireRights(MailboxId mailboxId, MailboxSession session, Right... rights) throws MailboxException {
        MessageManager mailbox = getMailbox(mailboxId, session);
        Mailbox entity = mailbox.getMailboxEntity();
        if (!entity.generateAssociatedPath().belongsTo(session) && !myRights(entity, session).contains(rights)) {
            throw new InsufficientRightsException("Your rights on " + mailbox.getMailboxPath().getName() + " do not allow this");
        }
    }

    private void requireRightsUnchecked(MailboxId mailboxId, MailboxSession session, Right... rights) {
        try {
            requireRights(mailboxId, session, rights);
        } catch (MailboxException e) {
            throw reactor.core.Exceptions.propagate(e);
        }
    }

    private static void refuseMountPoint(MailboxPath path) throws MailboxException {
        if (GroupFolders.isUnderRoot(path)) {
            throw mountPointError(path);
        }
    }

    private static MailboxException mountPointError(MailboxPath path) {
        return new MailboxException(path.getName() + ": the " + GroupFolders.ROOT + " folders are your groups' folders and cannot be renamed or deleted");
    }
}
