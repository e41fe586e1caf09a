package io.groupmailbox.group;

import java.util.List;
import java.util.Optional;

import org.apache.james.core.Username;

/**
 * Where group definitions live: shared by every node (a database, not a node-local map), so that the same
 * extension runs on a cluster. {@code GroupRepositoryContract} says what an implementation must do.
 */
public interface GroupRepository {

    List<GroupDefinition> list();

    Optional<GroupDefinition> get(Username address);

    /** The groups {@code member} belongs to; asked at each IMAP LIST and group-folder SELECT, so kept indexed. */
    List<GroupDefinition> groupsOf(Username member);

    /** Creates or replaces the definition of {@code group.address()}. */
    void save(GroupDefinition group);

    void delete(Username address);
}
