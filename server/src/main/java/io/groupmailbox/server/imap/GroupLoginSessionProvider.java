package io.groupmailbox.server.imap;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.exception.ForbiddenDelegationException;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MailboxConstants;
import org.apache.james.mailbox.store.SessionProviderImpl;
import org.apache.james.util.MDCBuilder;
import org.slf4j.MDC;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

import io.groupmailbox.audit.GroupAudit;
import io.groupmailbox.group.GroupDefinition;
import io.groupmailbox.group.GroupRepository;
import io.groupmailbox.login.AppPasswords;
import io.groupmailbox.login.GroupLogin;

/**
 * IMAP login to a group account by its members (method 2), on top of James's session provider:
 * <ul>
 *   <li>{@code LOGIN support@example.fr <app password>}: one of a member's app passwords for the group;</li>
 *   <li>{@code AUTHENTICATE PLAIN} with authorization identity = the group and a member's own credentials: the
 *   membership is the grant, no admin delegation is needed; a non-member is refused even with one.</li>
 * </ul>
 * Either opens a session whose user is the group and whose logged-in user is the member, marked with a
 * {@link GroupLogin} ({@link ActingMembers}) so that rights are the member's, not the owner's. Every such login is
 * audited. Other logins are James's.
 */
public class GroupLoginSessionProvider implements SessionProvider {

    private final SessionProviderImpl james;
    private final AppPasswords appPasswords;
    private final GroupRepository groups;
    private final GroupAudit audit;
    private final SecureRandom sessionIds = new SecureRandom();
    /** Open group sessions by id, for the mailbox events that name only a session (folder deletions, {@link GroupFolderRemovalAudit}). */
    private final Cache<MailboxSession.SessionId, GroupLogin> openSessions = CacheBuilder.newBuilder()
        .expireAfterAccess(Duration.ofDays(1))
        .maximumSize(100_000)
        .build();

    @Inject
    public GroupLoginSessionProvider(SessionProviderImpl james, AppPasswords appPasswords, GroupRepository groups, GroupAudit audit) {
        this.james = james;
        this.appPasswords = appPasswords;
        this.groups = groups;
        this.audit = audit;
    }

    @Override
    public MailboxSession createSystemSession(Username userName) {
        return james.createSystemSession(userName);
    }

    @Override
    public AuthorizationStep authenticate(Username givenUserid) {
        return james.authenticate(givenUserid);
    }

    @Override
    public AuthorizationStep authenticate(Username givenUserid, String passwd) {
        AuthorizationStep jamesStep = james.authenticate(givenUserid, passwd);
        return new AuthorizationStep() {
            @Override
            public MailboxSession as(Username other) throws MailboxException {
                Optional<GroupDefinition> group = groups.get(other);
                if (group.isEmpty() || other.equals(givenUserid)) {
                    return jamesStep.as(other);
                }
                jamesStep.withoutDelegation(); // the member's own password, or BadCredentialsException
                if (!group.get().isMember(givenUserid)) {
                    throw new ForbiddenDelegationException(givenUserid, other);
                }
                return opened(new GroupLogin(other, givenUserid, GroupLogin.Method.AUTHZID, Optional.empty()));
            }

            @Override
            public MailboxSession withoutDelegation() throws MailboxException {
                if (AppPasswords.looksLikeAppPassword(passwd)) {
                    Optional<GroupLogin> login = appPasswords.verify(givenUserid, passwd);
                    if (login.isPresent()) {
                        return opened(login.get());
                    }
                }
                return jamesStep.withoutDelegation();
            }

            @Override
            public MailboxSession forMatchingUser(Predicate<Username> other) throws MailboxException {
                return jamesStep.forMatchingUser(other);
            }
        };
    }

    /** The member acting in the group session {@code id}, if it is one opened here and still remembered. */
    public Optional<GroupLogin> groupLogin(MailboxSession.SessionId id) {
        return Optional.ofNullable(openSessions.getIfPresent(id));
    }

    private MailboxSession opened(GroupLogin login) {
        MailboxSession session = new MailboxSession(MailboxSession.SessionId.of(sessionIds.nextLong() & Long.MAX_VALUE),
            login.group(), Optional.of(login.member()), List.of(), MailboxConstants.DEFAULT_DELIMITER,
            MailboxSession.SessionType.User);
        session.getAttributes().put(ActingMembers.ATTRIBUTE, login);
        openSessions.put(session.getSessionId(), login);
        audit.login(login.group(), login.member(), login.method().asString(), "imap",
            Optional.ofNullable(MDC.get(MDCBuilder.IP)).orElse("unknown")); // put there by ClientAddressAtLogin
        return session;
    }
}
