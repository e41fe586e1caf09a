package io.groupmailbox.login;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;

import org.apache.james.core.Username;

import io.groupmailbox.audit.GroupAudit;
import io.groupmailbox.group.GroupDefinition;
import io.groupmailbox.group.GroupRepository;

/**
 * App passwords: a member's own password for a group account, for clients that cannot send a SASL authorization
 * identity (Thunderbird, Outlook). Each is 24 random characters of a 32-letter alphabet without look-alikes (120
 * bits), shown once as {@code abcd-efgh-...}; the first 8 characters are its selector, stored in clear to find it
 * without hashing, and the whole is kept only as a salted PBKDF2 hash ({@link PasswordHash}). It opens the group
 * account only while its owner is a member of the group.
 */
public class AppPasswords {

    static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
    static final int LENGTH = 24;
    static final int SELECTOR_LENGTH = 8;
    /** A login records its time at most this often per app password, so a client's many connections cost no write each. */
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);
    private static final int MAX_LABEL = 100;

    private final AppPasswordStore store;
    private final GroupRepository groups;
    private final GroupAudit audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public record Created(String id, String password) {
    }

    public static class NoSuchGroupException extends Exception {
        public NoSuchGroupException(String message) {
            super(message);
        }
    }

    public static class NotAMemberException extends Exception {
        public NotAMemberException(String message) {
            super(message);
        }
    }

    @Inject
    public AppPasswords(AppPasswordStore store, GroupRepository groups, GroupAudit audit, Clock clock) {
        this.store = store;
        this.groups = groups;
        this.audit = audit;
        this.clock = clock;
    }

    public Created create(Username group, Username member, String label) throws NoSuchGroupException, NotAMemberException {
        requireMember(group, member);
        String password = randomPassword();
        String id = UUID.randomUUID().toString();
        String cleanLabel = label.strip();
        store.add(new AppPassword(id, group, member, cleanLabel.length() > MAX_LABEL ? cleanLabel.substring(0, MAX_LABEL) : cleanLabel,
            clock.instant(), Optional.empty(), password.substring(0, SELECTOR_LENGTH), PasswordHash.hash(password)));
        audit.adminChange(group, member, "app-password-created", Map.of("id", id));
        return new Created(id, grouped(password));
    }

    public List<AppPassword> list(Username group, Username member) throws NoSuchGroupException {
        existingGroup(group);
        return store.of(group, member);
    }

    public boolean revoke(Username group, Username member, String id) throws NoSuchGroupException {
        existingGroup(group);
        boolean removed = store.remove(group, member, id);
        if (removed) {
            audit.adminChange(group, member, "app-password-revoked", Map.of("id", id));
        }
        return removed;
    }

    /**
     * The member whose app password for {@code account} {@code password} is, while they are a member. A password
     * that is not shaped like an app password, or whose selector names none, costs no hashing.
     */
    public Optional<GroupLogin> verify(Username account, String password) {
        Optional<String> normalized = normalize(password);
        if (normalized.isEmpty()) {
            return Optional.empty();
        }
        Optional<AppPassword> stored = store.bySelector(account, normalized.get().substring(0, SELECTOR_LENGTH));
        if (stored.isEmpty() || !isMember(account, stored.get().member())
            || !PasswordHash.matches(normalized.get(), stored.get().hash())) {
            return Optional.empty();
        }
        AppPassword used = stored.get();
        Instant now = clock.instant();
        if (used.lastUsed().map(last -> last.plus(LAST_USED_PRECISION).isBefore(now)).orElse(true)) {
            store.markUsed(account, used.id(), now);
        }
        return Optional.of(new GroupLogin(account, used.member(), GroupLogin.Method.APP_PASSWORD, Optional.of(used.id())));
    }

    /** Whether an open session as the group may go on: the member still belongs to it and the app password, if any, exists. */
    public boolean stillValid(GroupLogin login) {
        if (!isMember(login.group(), login.member())) {
            return false;
        }
        return login.appPassword()
            .map(id -> store.byId(login.group(), id).filter(password -> password.member().equals(login.member())).isPresent())
            .orElse(true);
    }

    /** Whether {@code password} could be an app password: what a caller checks before trying it. */
    public static boolean looksLikeAppPassword(String password) {
        return normalize(password).isPresent();
    }

    private boolean isMember(Username group, Username member) {
        return groups.get(group).map(definition -> definition.isMember(member)).orElse(false);
    }

    private GroupDefinition existingGroup(Username group) throws NoSuchGroupException {
        return groups.get(group).orElseThrow(() -> new NoSuchGroupException("no group " + group.asString()));
    }

    private void requireMember(Username group, Username member) throws NoSuchGroupException, NotAMemberException {
        if (!existingGroup(group).isMember(member)) {
            throw new NotAMemberException(member.asString() + " is not a member of " + group.asString());
        }
    }

    /** Dashes and spaces a user may type are ignored, and case too. */
    static Optional<String> normalize(String password) {
        if (password == null || password.length() > 2 * LENGTH) {
            return Optional.empty();
        }
        String compact = password.replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
        if (compact.length() != LENGTH || !compact.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(compact);
    }

    private String randomPassword() {
        StringBuilder password = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    private static String grouped(String password) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < password.length(); i += 4) {
            if (i > 0) {
                shown.append('-');
            }
            shown.append(password, i, i + 4);
        }
        return shown.toString();
    }
}
