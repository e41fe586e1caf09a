package io.groupmailbox.group;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.Username;

import io.groupmailbox.identity.SenderMode;

/**
 * A group as an admin defines it: its address, settings and members. Where it was defined ({@link Origin})
 * decides who may change it.
 */
public record GroupDefinition(Username address, String name, SenderMode senderMode, boolean membersMaySend,
                              NotifyMode notifyMode, Duration digestInterval, Optional<String> signature,
                              List<GroupMember> members, Origin origin) {

    public static final Duration DEFAULT_DIGEST_INTERVAL = Duration.ofHours(1);
    /** Digests are looked for once a second at most. */
    public static final Duration MIN_DIGEST_INTERVAL = Duration.ofSeconds(1);
    private static final int MAX_NAME_LENGTH = 100;
    private static final String FORBIDDEN_IN_NAME = "./%*\\\"";

    /** groups.xml groups are read-only over REST; REST manages the others. */
    public enum Origin {
        CONFIGURATION, REST
    }

    public GroupDefinition {
        Objects.requireNonNull(address);
        Objects.requireNonNull(name);
        Objects.requireNonNull(senderMode);
        Objects.requireNonNull(notifyMode);
        Objects.requireNonNull(digestInterval);
        Objects.requireNonNull(signature);
        Objects.requireNonNull(origin);
        members = List.copyOf(members);
    }

    /**
     * Why {@code name} cannot name a group, if it cannot: it is one folder name in every member's IMAP tree
     * ({@code Groups.<Name>.INBOX}), so one segment, not empty, without the hierarchy delimiter '.', '/', the IMAP
     * wildcards '%' '*', quotes, backslashes or control characters.
     */
    public static Optional<String> invalidName(String name) {
        if (name.isBlank()) {
            return Optional.of("a group name cannot be empty");
        }
        if (!name.equals(name.strip())) {
            return Optional.of("the group name '" + name + "' starts or ends with a space");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return Optional.of("the group name '" + name + "' is longer than " + MAX_NAME_LENGTH + " characters");
        }
        for (char c : name.toCharArray()) {
            if (FORBIDDEN_IN_NAME.indexOf(c) >= 0 || Character.isISOControl(c)) {
                return Optional.of("the group name '" + name + "' contains '" + (Character.isISOControl(c) ? "\\u" + String.format("%04x", (int) c) : c)
                    + "': it names the members' folder Groups.<name>, so it cannot contain . / % * \" \\ or control characters");
            }
        }
        return Optional.empty();
    }

    /** Two groups whose names are equal ignoring case would show as one folder in a member's tree. */
    public boolean sameNameAs(GroupDefinition other) {
        return name.equalsIgnoreCase(other.name);
    }

    public Optional<GroupMember> member(Username user) {
        return members.stream().filter(member -> member.address().equals(user)).findFirst();
    }

    public boolean isMember(Username user) {
        return member(user).isPresent();
    }

    public GroupDefinition withMembers(List<GroupMember> newMembers) {
        return new GroupDefinition(address, name, senderMode, membersMaySend, notifyMode, digestInterval, signature,
            newMembers, origin);
    }
}
