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
