package io.groupmailbox.server.search;

import java.io.File;
import java.io.IOException;

import javax.inject.Singleton;

import org.apache.james.events.EventListener;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.mailbox.lucene.search.LuceneMessageSearchIndex;
import org.apache.james.mailbox.store.search.ListeningMessageSearchIndex;
import org.apache.james.mailbox.store.search.MessageSearchIndex;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * IMAP SEARCH over a Lucene index kept in {@code <data dir>/lucene}, updated by mailbox events, for what a message
 * holds, and over the message rows for its flags ({@link FlagsFromStoreSearchIndex}). Indexing one
 * message costs the same whatever the size of the mailbox, unlike the scanning index of James's memory flavour.
 * The index is committed every few seconds ({@link LuceneIndexCommitter}), not only at a clean stop. A new
 * message is indexed from the copy its append hands over ({@link AppendAwareIndexListener}), not read back. At start,
 * stored messages the index lacks are indexed before SEARCH answers ({@link IndexCatchUp}).
 */
public class LuceneSearchModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(FlagsFromStoreSearchIndex.class).in(Scopes.SINGLETON);
        bind(LuceneMessageSearchIndex.class).to(FlagsFromStoreSearchIndex.class);
        bind(MessageSearchIndex.class).to(LuceneMessageSearchIndex.class);
        bind(ListeningMessageSearchIndex.class).to(LuceneMessageSearchIndex.class);
        bind(AppendedMessages.class).in(Scopes.SINGLETON);
        // James's index listener, but fed by the append with the messages it has just stored
        bind(AppendAwareIndexListener.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), EventListener.ReactiveGroupEventListener.class)
            .addBinding().to(AppendAwareIndexListener.class);
        bind(LuceneIndexCommitter.class).in(Scopes.SINGLETON);
        bind(IndexCatchUp.class).in(Scopes.SINGLETON);
    }

    @ProvidesIntoSet
    InitializationOperation catchTheIndexUpWithTheStore(IndexCatchUp catchUp) {
        return InitilizationOperationBuilder
            .forClass(IndexCatchUp.class)
            .init(catchUp::start);
    }

    @ProvidesIntoSet
    InitializationOperation commitTheIndexPeriodically(LuceneIndexCommitter committer) {
        return InitilizationOperationBuilder
            .forClass(LuceneIndexCommitter.class)
            .init(committer::start);
    }

    @Provides
    @Singleton
    Directory luceneDirectory(JamesDirectoriesProvider directories) throws IOException {
        return FSDirectory.open(new File(directories.getVarDirectory(), "lucene"));
    }
}
