package io.groupmailbox.server.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.events.MailboxEvents.Added;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.search.ListeningMessageSearchIndex;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * James's search-index listener, registered in its place and under its group, except that an added message
 * handed over by the append ({@link AppendedMessages}) is indexed from memory instead of being read back from the
 * database. Every other event, and an addition of which one message was not handed over, goes to James's
 * listener unchanged.
 */
public class AppendAwareIndexListener implements EventListener.ReactiveGroupEventListener {

    private final ListeningMessageSearchIndex index;
    private final AppendedMessages appended;
    private final SessionProvider sessionProvider;
    private final MailboxSessionMapperFactory mapperFactory;

    @Inject
    public AppendAwareIndexListener(ListeningMessageSearchIndex index, AppendedMessages appended,
                                    SessionProvider sessionProvider, MailboxSessionMapperFactory mapperFactory) {
        this.index = index;
        this.appended = appended;
        this.sessionProvider = sessionProvider;
        this.mapperFactory = mapperFactory;
    }

    @Override
    public Group getDefaultGroup() {
        return index.getDefaultGroup();
    }

    @Override
    public ExecutionMode getExecutionMode() {
        return index.getExecutionMode();
    }

    @Override
    public boolean isHandling(Event event) {
        return index.isHandling(event);
    }

    @Override
    public Mono<Void> reactiveEvent(Event event) {
        if (event instanceof Added added) {
            Optional<List<AppendedMessages.Appended>> handedOver = handedOver(added);
            if (handedOver.isPresent()) {
                return indexFromMemory(added, handedOver.get());
            }
        }
        return index.reactiveEvent(event);
    }

    /** All the messages of the addition, or none: a partial hand-over is indexed from the database. */
    private Optional<List<AppendedMessages.Appended>> handedOver(Added added) {
        List<AppendedMessages.Appended> messages = new ArrayList<>();
        for (MessageUid uid : added.getUids()) {
            Optional<AppendedMessages.Appended> message = appended.take(added.getMailboxId(), uid);
            if (message.isEmpty()) {
                return Optional.empty();
            }
            messages.add(message.get());
        }
        return Optional.of(messages);
    }

    private Mono<Void> indexFromMemory(Added added, List<AppendedMessages.Appended> messages) {
        MailboxSession session = sessionProvider.createSystemSession(added.getUsername());
        return Flux.fromIterable(messages)
            .concatMap(message -> index.add(session, message.mailbox(), message.message()))
            .then()
            .doFinally(signal -> mapperFactory.endProcessingRequest(session));
    }
}
