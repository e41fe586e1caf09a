package io.groupmailbox.server.imap;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.model.search.MailboxQuery;
import org.apache.james.mailbox.store.MailboxReactorUtils;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.StoreMailboxAnnotationManager;
import org.apache.james.mailbox.store.StoreMessageManager;
import org.apache.james.mailbox.store.StoreRightManager;
import org.apache.james.mailbox.store.mail.ThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.model.impl.MessageParser;
import org.apache.james.mailbox.store.quota.DefaultUserQuotaRootResolver;
import org.apache.james.mailbox.store.quota.QuotaComponents;
import org.apache.james.mailbox.store.search.MessageSearchIndex;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.groupmailbox.group.GroupReconciler;
import io.groupmailbox.imap.GroupFolders;
import io.groupmailbox.imap.GroupFolders.Mount;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * James 3.8.1's JPA mailbox manager, with each member's group folders mounted in their own tree
 * ({@link GroupFolders}): IMAP 3.8.1 cannot open another user's mailbox (no shared namespace before 3.9), so a
 * member's {@code Groups.Support.INBOX} is resolved here to the group's {@code INBOX}, where James's right
 * manager applies the member's ACL rights. LIST shows the mounts under {@code \Noselect} parents and reports the
 * member's own rights on them; the mount points and parents cannot be created, renamed or deleted; a name a user
 * may not see is simply not found (IMAP answers NO). COPY out of a group needs {@code i} there, MOVE out {@code t}
 * and {@code e}. Mounts exist in users' own sessions only, never in system sessions (WebAdmin, tasks).
 * {@link GroupQuotaRoots} makes GETQUOTAROOT name the group's quota.
 *
 * <p>With {@link GroupFolderMessageManager}, the only code that knows how 3.8.1 reaches shared folders: with
 * James 3.9 it goes away.
 */
public class GroupAwareMailboxManager extends OpenJPAMailboxManager {

    private static final Logger LOGGER = LoggerFactory.getLogger(GroupAwareMailboxManager.class);
    private static final MailboxACL.Rfc4314Rights LOOKUP_ONLY = new MailboxACL.Rfc4314Rights(Right.Lookup);

    private final GroupFolders groupFolders;
    private final GroupFolderRemovalAudit removals;

    @Inject
    public GroupAwareMailboxManager(JPAMailboxSessionMapperFactory mapperFactory, SessionProvider sessionProvider,
                                    MessageParser messageParser, MessageId.Factory messageIdFactory, EventBus eventBus,
                                    StoreMailboxAnnotationManager annotationManager, StoreRightManager storeRightManager,
                                    QuotaComponents quotaComponents, MessageSearchIndex index,
                                    ThreadIdGuessingAlgorithm threadIdGuessingAlgorithm, Clock clock,
                                    GroupFolders groupFolders, GroupFolderRemovalAudit removals) {
        super(mapperFactory, sessionProvider, messageParser, messageIdFactory, eventBus, annotationManager,
            storeRightManager, quotaComponents, index, threadIdGuessingAlgorithm, clock);
        this.groupFolders = groupFolders;
        this.removals = removals;
    }

    @Override
    protected StoreMessageManager createMessageManager(Mailbox mailbox, MailboxSession session) {
        ActingMembers.requireLookup(mailbox, session, getStoreRightManager());
        Optional<Mount> mount = mailbox.generateAssociatedPath().belongsTo(session)
            ? Optional.empty()
            : groupFolders.byGroupPath(session.getUser(), mailbox.generateAssociatedPath());
        return messageManager(mailbox, mount, false, ActingMembers.isGroupSentOfActingMember(mailbox.generateAssociatedPath(), session));
    }

    private StoreMessageManager messageManager(Mailbox mailbox, Optional<Mount> mount, boolean listedParent) {
        return messageManager(mailbox, mount, listedParent, false);
    }

    private StoreMessageManager messageManager(Mailbox mailbox, Optional<Mount> mount, boolean listedParent, boolean groupSentOfActingMember) {
        boolean groupSent = groupSentOfActingMember || mount.map(found -> found.groupPath().getName().equals(GroupReconciler.SENT)).orElse(false);
        return new GroupFolderMessageManager(getMapperFactory(), getMessageSearchIndex(), getEventBus(), getLocker(),
            mailbox, getQuotaComponents().getQuotaManager(), getQuotaComponents().getQuotaRootResolver(),
            getMessageIdFactory(), configuration.getBatchSizes(), getStoreRightManager(), getThreadIdGuessingAlgorithm(),
            getClock(), mount.map(Mount::mountPath), groupSent, listedParent, removals);
    }

    /**
     * What IMAP LIST-STATUS opens for each entry a member's LIST returned: a group folder under its mounted name, or a
     * {@code \Noselect} parent with nothing to count. James calls it on a non-blocking thread: no I/O here.
     */
    @Override
    public MessageManager getMailbox(Mailbox mailbox, MailboxSession session) throws MailboxException {
        if (!(mailbox instanceof MountedMailbox mounted)) {
            return super.getMailbox(mailbox, session);
        }
        if (mounted.groupFolder.isEmpty()) {
            return messageManager(mounted, Optional.empty(), true);
        }
        Mailbox groupFolder = mounted.groupFolder.get();
        if (!getStoreRightManager().hasRight(groupFolder, Right.Lookup, session)) {
            throw new MailboxNotFoundException(mounted.getName());
        }
        return messageManager(groupFolder, mounted.mount, false);
    }

    @Override
    public Mono<MessageManager> getMailboxReactive(MailboxPath path, MailboxSession session) {
        if (!mayBeMounted(path, session)) {
            return super.getMailboxReactive(path, session);
        }
        return mount(path)
            .flatMap(mount -> super.getMailboxReactive(mount.groupPath(), session))
            .switchIfEmpty(Mono.error(() -> new MailboxNotFoundException(path)))
            .onErrorMap(MailboxNotFoundException.class, e -> new MailboxNotFoundException(path));
    }

    @Override
    public Mono<Boolean> mailboxExists(MailboxPath path, MailboxSession session) {
        if (!mayBeMounted(path, session)) {
            return super.mailboxExists(path, session);
        }
        return mount(path).hasElement();
    }

    /**
     * A query on a member's own tree (what IMAP LIST asks) also finds their group folders, under their mounted names,
     * with their {@code \Noselect} parents {@code Groups} and {@code Groups.<Name>}, so that {@code LIST "" "Groups.%"}
     * walks the tree. James already keeps other users' folders out of such a query. Mounts are part of a member's IMAP
     * view, not of their account: system sessions (WebAdmin's user-mailbox routes, tasks) never see them.
     */
    @Override
    public Flux<MailboxMetaData> search(MailboxQuery query, MailboxSearchFetchType fetchType, MailboxSession session) {
        Flux<MailboxMetaData> own = super.search(query, fetchType, session);
        if (!query.isPrivateMailboxes(session) || session.getType() != MailboxSession.SessionType.User) {
            return own;
        }
        char delimiter = session.getPathDelimiter();
        Flux<MailboxMetaData> mounted = Mono.fromCallable(() -> groupFolders.mountsOf(session.getUser()))
            .subscribeOn(Schedulers.boundedElastic())
            .flatMapIterable(mounts -> mounts)
            .filter(mount -> query.isPathMatch(mount.mountPath())
                || mount.mountPath().getParents(delimiter).stream().anyMatch(query::isPathMatch))
            .concatMap(mount -> super.getMailboxReactive(mount.groupPath(), session)
                .map(groupFolder -> new MountedMailbox(mount, entity(groupFolder)))
                .onErrorResume(MailboxNotFoundException.class, e -> Mono.empty()))
            .collectList()
            .flatMapIterable(folders -> mountedTree(folders, session))
            .filter(metaData -> query.isPathMatch(metaData.getPath()));
        return Flux.concat(own, mounted);
    }

    /** The group folders and their {@code \Noselect} parents, parents first. */
    private List<MailboxMetaData> mountedTree(List<MountedMailbox> folders, MailboxSession session) {
        Map<String, MailboxMetaData> tree = new TreeMap<>();
        for (MountedMailbox folder : folders) {
            for (MailboxPath parent : folder.getMount().mountPath().getParents(session.getPathDelimiter())) {
                tree.computeIfAbsent(parent.getName(), name -> new MailboxMetaData(new MountedMailbox(parent),
                    session.getPathDelimiter(), MailboxMetaData.Children.HAS_CHILDREN, MailboxMetaData.Selectability.NOSELECT,
                    new MailboxACL(Map.of(MailboxACL.EntryKey.createUserEntryKey(session.getUser()), LOOKUP_ONLY)),
                    MailboxCounters.empty(new ParentId(parent.getName()))));
            }
            tree.put(folder.getName(), new MailboxMetaData(folder, session.getPathDelimiter(),
                MailboxMetaData.Children.HAS_NO_CHILDREN, MailboxMetaData.Selectability.NONE,
                resolvedAcl(folder.groupFolder.orElseThrow(), session), MailboxCounters.empty(folder.getMailboxId())));
        }
        return List.copyOf(tree.values());
    }

    /** The ACL entries this member may see on a group folder: theirs, which LIST's MYRIGHTS reports. */
    private MailboxACL resolvedAcl(Mailbox groupFolder, MailboxSession session) {
        try {
            return getStoreRightManager().getResolvedMailboxACL(groupFolder, session);
        } catch (MailboxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Mailbox entity(MessageManager messageManager) {
        try {
            return messageManager.getMailboxEntity();
        } catch (MailboxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Mono<MailboxId> createMailboxReactive(MailboxPath path, CreateOption option, MailboxSession session) {
        if (GroupFolders.isUnderRoot(path)) {
            return Mono.error(new MailboxException(path.getName() + ": the " + GroupFolders.ROOT + " folders are your groups' folders and cannot be created"));
        }
        return ActingMembers.<MailboxId>refuseWithout(getStoreRightManager(), session, Right.CreateMailbox, path)
            .switchIfEmpty(Mono.defer(() -> super.createMailboxReactive(path, option, session)));
    }

    @Override
    public void deleteMailbox(MailboxPath path, MailboxSession session) throws MailboxException {
        refuseMountPoint(path);
        MailboxReactorUtils.block(ActingMembers.refuseWithout(getStoreRightManager(), session, Right.DeleteMailbox, path));
        super.deleteMailbox(path, session);
    }

    @Override
    public Mono<Void> deleteMailboxReactive(MailboxPath path, MailboxSession session) {
        if (GroupFolders.isUnderRoot(path)) {
            return Mono.error(mountPointError(path));
        }
        return ActingMembers.<Void>refuseWithout(getStoreRightManager(), session, Right.DeleteMailbox, path)
            .then(Mono.defer(() -> super.deleteMailboxReactive(path, session)));
    }

    @Override
    public Mono<List<MailboxRenamedResult>> renameMailboxReactive(MailboxPath from, MailboxPath to, RenameOption option,
                                                                  MailboxSession fromSession, MailboxSession toSession) {
        if (GroupFolders.isUnderRoot(from) || GroupFolders.isUnderRoot(to)) {
            return Mono.error(mountPointError(GroupFolders.isUnderRoot(from) ? from : to));
        }
        return ActingMembers.<List<MailboxRenamedResult>>refuseWithout(getStoreRightManager(), fromSession, Right.DeleteMailbox, from)
            .switchIfEmpty(ActingMembers.refuseWithout(getStoreRightManager(), toSession, Right.CreateMailbox, to))
            .switchIfEmpty(Mono.defer(() -> super.renameMailboxReactive(from, to, option, fromSession, toSession)));
    }

    @Override
    public List<MailboxRenamedResult> renameMailbox(MailboxPath from, MailboxPath to, RenameOption option,
                                                    MailboxSession session) throws MailboxException {
        refuseMountPoint(from);
        refuseMountPoint(to);
        MailboxReactorUtils.block(ActingMembers.refuseWithout(getStoreRightManager(), session, Right.DeleteMailbox, from));
        MailboxReactorUtils.block(ActingMembers.refuseWithout(getStoreRightManager(), session, Right.CreateMailbox, to));
        return super.renameMailbox(from, to, option, session);
    }

    @Override
    public List<MessageRange> copyMessages(MessageRange set, MailboxId from, MailboxId to, MailboxSession session) throws MailboxException {
        checkCopy(from, to, session);
        return super.copyMessages(set, from, to, session);
    }

    @Override
    public Flux<MessageRange> copyMessagesReactive(MessageRange set, MailboxId from, MailboxId to, MailboxSession session) {
        return Mono.fromCallable(() -> checkCopy(from, to, session))
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

    /**
     * MOVE takes messages out of the source: it needs the rights to delete and expunge there, and to insert in the
     * target. Out of a group folder it is audited as one move ({@link GroupFolderRemovalAudit}).
     */
    @Override
    public List<MessageRange> moveMessages(MessageRange set, MailboxId from, MailboxId to, MailboxSession session) throws MailboxException {
        Optional<GroupFolderRemovalAudit.PendingMove> audited = checkMove(from, to, set, session);
        List<MessageRange> moved = super.moveMessages(set, from, to, session);
        audited.ifPresent(move -> move.done(moved));
        return moved;
    }

    @Override
    public Flux<MessageRange> moveMessagesReactive(MessageRange set, MailboxId from, MailboxId to, MailboxSession session) {
        return Mono.fromCallable(() -> checkMove(from, to, set, session))
            .subscribeOn(Schedulers.boundedElastic())
            .flatMap(audited -> super.moveMessagesReactive(set, from, to, session).collectList()
                .flatMap(moved -> Mono.fromRunnable(() -> audited.ifPresent(move -> move.done(moved)))
                    .subscribeOn(Schedulers.boundedElastic())
                    .thenReturn(moved)))
            .flatMapIterable(moved -> moved);
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
        if (right == Right.PerformExpunge && !ActingMembers.ownsWithAllRights(mailbox.generateAssociatedPath(), session)) {
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

    /**
     * COPY needs i on the target. Out of a folder owned by someone else (a group folder) into a folder of another owner,
     * it also needs i on the source: a reader ({@code lrs}) reads the group's mail where it is but does not take copies
     * of it away; a replier ({@code lrswi}) may. IMAP refuses such a COPY or MOVE before it gets here
     * ({@link RefusingProcessors}); this guards any other caller.
     */
    private boolean checkCopy(MailboxId from, MailboxId to, MailboxSession session) throws MailboxException {
        require(copyRefusal(getMailbox(from, session), getMailbox(to, session), session));
        return true;
    }

    private Optional<GroupFolderRemovalAudit.PendingMove> checkMove(MailboxId from, MailboxId to, MessageRange set,
                                                                    MailboxSession session) throws MailboxException {
        MessageManager source = getMailbox(from, session);
        MessageManager target = getMailbox(to, session);
        require(moveRefusal(source, target, session));
        return removals.beforeMove(source, target, set, session, getMapperFactory().getMessageMapper(session));
    }

    /** Why {@code session}'s user may not COPY from {@code source} to {@code target}, if they may not. */
    Optional<String> copyRefusal(MessageManager source, MessageManager target, MailboxSession session) throws MailboxException {
        Optional<String> into = refusal(target, session, "COPY into", CommandRights.COPY_INTO);
        if (into.isPresent() || source.getMailboxEntity().getUser().equals(target.getMailboxEntity().getUser())) {
            return into;
        }
        return refusal(source, session, "COPY out of", CommandRights.COPY_OUT_OF_SHARED);
    }

    /** Why {@code session}'s user may not MOVE from {@code source} to {@code target}, if they may not. */
    Optional<String> moveRefusal(MessageManager source, MessageManager target, MailboxSession session) throws MailboxException {
        Optional<String> out = refusal(source, session, "MOVE out of", CommandRights.MOVE_OUT);
        return out.isPresent() ? out : refusal(target, session, "MOVE into", CommandRights.MOVE_INTO);
    }

    /** Why {@code session}'s user may not do {@code action} in {@code mailbox}, if they lack some of {@code needed}. */
    Optional<String> refusal(MessageManager mailbox, MailboxSession session, String action, MailboxACL.Rfc4314Rights needed)
        throws MailboxException {
        Mailbox entity = mailbox.getMailboxEntity();
        if (ActingMembers.ownsWithAllRights(entity.generateAssociatedPath(), session)) {
            return Optional.empty();
        }
        return CommandRights.refusal(action, mailbox.getMailboxPath().getName(), needed, myRights(entity, session),
            ActingMembers.who(getStoreRightManager(), session));
    }

    private static void require(Optional<String> refusal) throws MailboxException {
        if (refusal.isPresent()) {
            LOGGER.info("Refused: {}", refusal.get());
            throw new InsufficientRightsException(refusal.get());
        }
    }

    /** Only a logged-in user's own {@code Groups...} names can be mounts. */
    private static boolean mayBeMounted(MailboxPath path, MailboxSession session) {
        return session.getType() == MailboxSession.SessionType.User && GroupFolders.isUnderRoot(path) && path.belongsTo(session);
    }

    private static void refuseMountPoint(MailboxPath path) throws MailboxException {
        if (GroupFolders.isUnderRoot(path)) {
            throw mountPointError(path);
        }
    }

    private static MailboxException mountPointError(MailboxPath path) {
        return new MailboxException(path.getName() + ": the " + GroupFolders.ROOT + " folders are your groups' folders and cannot be renamed or deleted");
    }

    /** A group folder under the name a member sees for it, or one of its {@code \Noselect} parents: what a member's LIST lists. */
    private static final class MountedMailbox extends Mailbox {
        private static final UidValidity PARENT_UID_VALIDITY = UidValidity.of(1);

        private final Optional<Mount> mount;
        private final Optional<Mailbox> groupFolder;

        MountedMailbox(Mount mount, Mailbox groupFolder) {
            super(mount.mountPath(), groupFolder.getUidValidity(), groupFolder.getMailboxId());
            this.mount = Optional.of(mount);
            this.groupFolder = Optional.of(groupFolder);
        }

        MountedMailbox(MailboxPath parent) {
            super(parent, PARENT_UID_VALIDITY, new ParentId(parent.getName()));
            this.mount = Optional.empty();
            this.groupFolder = Optional.empty();
        }

        Mount getMount() {
            return mount.orElseThrow();
        }

        /** The member does not own it: LIST's MYRIGHTS then reports their rights from the ACL, not an owner's full rights. */
        @Override
        public MailboxPath generateAssociatedPath() {
            return new NotOwnedPath(super.generateAssociatedPath());
        }
    }

    /** A name in a member's tree that stands for something they do not own. */
    private static final class NotOwnedPath extends MailboxPath {
        NotOwnedPath(MailboxPath path) {
            super(path);
        }

        @Override
        public boolean belongsTo(MailboxSession session) {
            return false;
        }
    }

    /** The id of a {@code \Noselect} parent, which has no mailbox behind it. */
    private record ParentId(String name) implements MailboxId {
        @Override
        public String serialize() {
            return "noselect:" + name;
        }
    }

    /**
     * GETQUOTAROOT on a group folder names the group's quota root: the folder's messages count against the group's
     * account, not the member's. Any other name resolves as in James.
     */
    public static class GroupQuotaRoots extends DefaultUserQuotaRootResolver {
        private final GroupFolders groupFolders;

        @Inject
        public GroupQuotaRoots(SessionProvider sessionProvider, MailboxSessionMapperFactory factory, GroupFolders groupFolders) {
            super(sessionProvider, factory);
            this.groupFolders = groupFolders;
        }

        @Override
        public Publisher<QuotaRoot> getQuotaRootReactive(MailboxPath path) {
            if (!GroupFolders.isUnderRoot(path)) {
                return super.getQuotaRootReactive(path);
            }
            return Mono.fromCallable(() -> groupFolders.byMountPath(path))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(Mono::justOrEmpty)
                .map(Mount::groupPath)
                .defaultIfEmpty(path)
                .flatMap(resolved -> Mono.from(super.getQuotaRootReactive(resolved)));
        }
    }
}
