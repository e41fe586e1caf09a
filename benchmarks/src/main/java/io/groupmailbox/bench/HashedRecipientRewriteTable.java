package io.groupmailbox.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.rrt.lib.AbstractRecipientRewriteTable;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.rrt.lib.Mappings;
import org.apache.james.rrt.lib.MappingsImpl;

/**
 * A recipient rewrite table keyed by source, as a database table with an index on its source column answers.
 * James's {@code MemoryRecipientRewriteTable} keeps its mappings in a list and reads all of it for every
 * look-up; this one separates the cost of {@code SenderGrants} from that of a linear scan.
 */
final class HashedRecipientRewriteTable extends AbstractRecipientRewriteTable {

    private final Map<MappingSource, CopyOnWriteArrayList<Mapping>> mappings = new ConcurrentHashMap<>();

    @Override
    public void addMapping(MappingSource source, Mapping mapping) {
        mappings.computeIfAbsent(source, any -> new CopyOnWriteArrayList<>()).addIfAbsent(mapping);
    }

    @Override
    public void removeMapping(MappingSource source, Mapping mapping) {
        mappings.computeIfPresent(source, (any, list) -> {
            list.remove(mapping);
            return list.isEmpty() ? null : list;
        });
    }

    @Override
    public Mappings getStoredMappings(MappingSource source) {
        List<Mapping> stored = mappings.get(source);
        return stored == null ? MappingsImpl.empty() : MappingsImpl.fromMappings(stored.stream());
    }

    @Override
    protected Mappings mapAddress(String user, Domain domain) {
        Mappings forUser = getStoredMappings(MappingSource.fromUser(Username.fromLocalPartWithDomain(user, domain)));
        return forUser.isEmpty() ? getStoredMappings(MappingSource.fromDomain(domain)) : forUser;
    }

    @Override
    public Map<MappingSource, Mappings> getAllMappings() {
        Map<MappingSource, Mappings> all = new ConcurrentHashMap<>();
        mappings.forEach((source, list) -> all.put(source, MappingsImpl.fromMappings(list.stream())));
        return all;
    }
}
