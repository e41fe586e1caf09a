package io.groupmailbox.group;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.james.core.Username;

/** For tests and single-node experiments only: its state dies with the JVM. */
public class MemoryGroupRepository implements GroupRepository {

    private final Map<Username, GroupDefinition> groups = new ConcurrentHashMap<>();

    @Override
    public List<GroupDefinition> list() {
        return groups.values().stream().sorted(Comparator.comparing(group -> group.address().asString())).toList();
    }

    @Override
    public Optional<GroupDefinition> get(Username address) {
        return Optional.ofNullable(groups.get(address));
    }

    @Override
    public List<GroupDefinition> groupsOf(Username member) {
        return list().stream().filter(group -> group.isMember(member)).toList();
    }

    @Override
    public void save(GroupDefinition group) {
        groups.put(group.address(), group);
    }

    @Override
    public void delete(Username address) {
        groups.remove(address);
    }
}
