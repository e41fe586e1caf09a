package io.groupmailbox.group;

import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.ProvidesIntoSet;

import io.groupmailbox.notify.DigestScheduler;
import io.groupmailbox.notify.GroupDigests;

/**
 * Groups in a James server: applies {@code conf/groups.xml} at start (an invalid file stops the start with
 * the file and line in the message) and runs the digest notifications. The host binds a shared
 * {@link GroupRepository} and {@link io.groupmailbox.notify.DigestCursors}.
 */
public class GroupModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(GroupReconciler.class).in(Scopes.SINGLETON);
        bind(GroupService.class).in(Scopes.SINGLETON);
        bind(GroupDigests.class).in(Scopes.SINGLETON);
        bind(DigestScheduler.class).in(Scopes.SINGLETON);
    }

    @ProvidesIntoSet
    InitializationOperation applyGroupsFile(GroupService groups) {
        return InitilizationOperationBuilder
            .forClass(GroupService.class)
            .init(groups::applyConfiguration);
    }

    @ProvidesIntoSet
    InitializationOperation startDigests(DigestScheduler scheduler) {
        return InitilizationOperationBuilder
            .forClass(DigestScheduler.class)
            .init(scheduler::start);
    }
}
