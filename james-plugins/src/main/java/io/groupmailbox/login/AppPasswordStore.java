package io.groupmailbox.login;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.Username;

/**
 * Where app passwords for group accounts live: shared by every node (a database, not a node-local map).
 * {@code AppPasswordStoreContract} says what an implementation must do.
 */
public interface AppPasswordStore {

    /** Stores a new app password; its id and its selector are unique. */
    void add(AppPassword password);

    /** The app password of {@code group} whose password starts with {@code selector}: the one to verify at login. */
    Optional<AppPassword> bySelector(Username group, String selector);

    /** One app password by its id, if it still exists (an open session asks whether it was revoked). */
    Optional<AppPassword> byId(Username group, String id);

    /** A member's app passwords for a group, oldest first. */
    List<AppPassword> of(Username group, Username member);

    /** Revokes one; false when the member has no app password with this id for the group. */
    boolean remove(Username group, Username member, String id);

    /** Records a successful login with it. */
    void markUsed(Username group, String id, Instant when);
}
