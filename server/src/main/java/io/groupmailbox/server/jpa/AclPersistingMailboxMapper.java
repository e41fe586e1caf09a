package io.groupmailbox.server.jpa;

import java.util.List;
import java.util.Map;

import org.apache.james.core.Username;
import org.apache.james.mailbox.acl.ACLDiff;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxACL;
import org.apache.james.mailbox.model.MailboxACL.EntryKey;
import org.apache.james.mailbox.model.MailboxACL.Right;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.model.search.MailboxQuery;
import org.apache.james.mailbox.store.mail.MailboxMapper;

import com.google.common.collect.ImmutableList;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * James 3.8.1's JPA mailbox mapper with the ACLs made persistent: every mailbox it returns carries its stored
 * ACL, ACL changes are written to {@link JpaMailboxAclStore}, and {@link #findNonPersonalMailboxes} answers
 * from that store (the JPA mapper answers nothing there).
 */
class AclPersistingMailboxMapper implements MailboxMapper {

    private final MailboxMapper delegate;
    private final JpaMailboxAclStore aclStore;

    AclPersistingMailboxMapper(MailboxMapper delegate, JpaMailboxAclStore aclStore) {
        this.delegate = delegate;
        this.aclStore = aclStore;
    }

    @Override
    public Mono<Mailbox> create(MailboxPath mailboxPath, UidValidity uidValidity) {
        return delegate.create(mailboxPath, uidValidity);
    }

    @Override
    public Mono<MailboxId> rename(Mailbox mailbox) {
        return delegate.rename(mailbox);
    }

    @Override
    public Mono<Void> delete(Mailbox mailbox) {
        return delegate.delete(mailbox)
            .then(Mono.fromRunnable(() -> aclStore.delete(rawId(mailbox.getMailboxId())))
                .subscribeOn(Schedulers.boundedElastic()))
            .then();
    }

    @Override
    public Mono<Mailbox> findMailboxByPath(MailboxPath mailboxName) {
        return withAcl(delegate.findMailboxByPath(mailboxName));
    }

    @Override
    public Mono<Boolean> pathExists(MailboxPath mailboxName) {
        return delegate.pathExists(mailboxName);
    }

    @Override
    public Mono<Mailbox> findMailboxById(MailboxId mailboxId) {
        return withAcl(delegate.findMailboxById(mailboxId));
    }

    @Override
    public Flux<Mailbox> findNonPersonalMailboxes(Username userName, Right right) {
        return Mono.fromCallable(() -> aclStore.rightsGrantedTo(EntryKey.createUserEntryKey(userName)))
            .subscribeOn(Schedulers.boundedElastic())
            .flatMapIterable(Map::entrySet)
            .filter(entry -> entry.getValue().contains(right))
            .concatMap(entry -> findMailboxById(JPAId.of(entry.getKey())))
            .filter(mailbox -> !mailbox.getUser().equals(userName));
    }

    @Override
    public Flux<Mailbox> findMailboxWithPathLike(MailboxQuery.UserBound query) {
        return withAcls(delegate.findMailboxWithPathLike(query));
    }

    @Override
    public Flux<MailboxId> userMailboxes(Username username) {
        return delegate.userMailboxes(username);
    }

    @Override
    public Mono<Boolean> hasChildren(Mailbox mailbox, char delimiter) {
        return delegate.hasChildren(mailbox, delimiter);
    }

    @Override
    public Mono<ACLDiff> updateACL(Mailbox mailbox, MailboxACL.ACLCommand command) {
        return storeAcl(mailbox, acl -> applyCommand(acl, command));
    }

    @Override
    public Mono<ACLDiff> setACL(Mailbox mailbox, MailboxACL acl) {
        return storeAcl(mailbox, ignored -> acl);
    }

    @Override
    public Flux<Mailbox> list() {
        return withAcls(delegate.list());
    }

    @Override
    public void endRequest() {
        delegate.endRequest();
    }

    @Override
    public <T> T execute(Transaction<T> transaction) throws MailboxException {
        return delegate.execute(transaction);
    }

    @Override
    public <T> Mono<T> executeReactive(Mono<T> transaction) {
        return delegate.executeReactive(transaction);
    }

    private Mono<ACLDiff> storeAcl(Mailbox mailbox, java.util.function.UnaryOperator<MailboxACL> change) {
        return Mono.fromCallable(() -> {
            ACLDiff diff = aclStore.update(rawId(mailbox.getMailboxId()), change);
            mailbox.setACL(diff.getNewACL());
            return diff;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static MailboxACL applyCommand(MailboxACL acl, MailboxACL.ACLCommand command) {
        try {
            return acl.apply(command);
        } catch (org.apache.james.mailbox.exception.UnsupportedRightException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Mono<Mailbox> withAcl(Mono<Mailbox> mailbox) {
        return mailbox.flatMap(found -> Mono.fromCallable(() -> {
            found.setACL(aclStore.load(rawId(found.getMailboxId())));
            return found;
        }).subscribeOn(Schedulers.boundedElastic()));
    }

    /** One ACL query for the whole batch, not one per mailbox: LIST must not cost a query per folder. */
    private Flux<Mailbox> withAcls(Flux<Mailbox> mailboxes) {
        return mailboxes.collectList()
            .flatMapMany(found -> Mono.fromCallable(() -> {
                List<Long> ids = found.stream().map(mailbox -> rawId(mailbox.getMailboxId())).collect(ImmutableList.toImmutableList());
                Map<Long, MailboxACL> acls = aclStore.loadAll(ids);
                found.forEach(mailbox -> mailbox.setACL(acls.get(rawId(mailbox.getMailboxId()))));
                return found;
            }).subscribeOn(Schedulers.boundedElastic()).flatMapIterable(list -> list));
    }

    private static long rawId(MailboxId mailboxId) {
        return ((JPAId) mailboxId).getRawId();
    }
}
