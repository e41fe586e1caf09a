package io.groupmailbox.server.jpa;

import org.apache.james.rrt.api.RecipientRewriteTableException;
import org.apache.james.rrt.jpa.JPARecipientRewriteTable;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;

/**
 * James's JPA recipient rewrite table, where adding a mapping the source already has changes nothing. James 3.8.1
 * checks this for aliases, forwards and address groups, not for domain mappings: each repeated
 * {@code PUT /domains/example.fr/aliases/example.com} appended the same alias again.
 */
public class IdempotentRecipientRewriteTable extends JPARecipientRewriteTable {

    @Override
    public void addMapping(MappingSource source, Mapping mapping) throws RecipientRewriteTableException {
        if (getStoredMappings(source).contains(mapping)) {
            return;
        }
        super.addMapping(source, mapping);
    }
}
