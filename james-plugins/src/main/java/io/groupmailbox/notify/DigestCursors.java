package io.groupmailbox.notify;

import java.util.Map;

import org.apache.james.core.Username;

/**
 * Where digest notifications stand, per group and member: the UID of the last message of the group's INBOX
 * that was summarised for that member. Shared by every node (a database, not a node-local map);
 * {@link #advance} is a compare-and-set, so that two nodes never send the same summary.
 * {@code DigestCursorsContract} says what an implementation must do.
 */
public interface DigestCursors {

    /** The cursors of one group: member → UID of the last message summarised for them. */
    Map<Username, Long> of(Username group);

    /** Creates the member's cursor at {@code lastUid} unless they have one; false when they had one already. */
    boolean start(Username group, Username member, long lastUid);

    /** Moves the cursor from {@code expected} to {@code next}; false when it was not at {@code expected} (or is absent). */
    boolean advance(Username group, Username member, long expected, long next);

    void remove(Username group, Username member);

    void removeGroup(Username group);
}
