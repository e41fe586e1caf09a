package io.groupmailbox.server.imap;

import java.util.Optional;
import java.util.function.Supplier;

import javax.inject.Inject;
import javax.mail.Flags;

import org.apache.james.events.EventBus;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.request.ImapRequest;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.main.PathConverter;
import org.apache.james.imap.message.request.AppendRequest;
import org.apache.james.imap.message.request.CopyRequest;
import org.apache.james.imap.message.request.ExamineRequest;
import org.apache.james.imap.message.request.ExpungeRequest;
import org.apache.james.imap.message.request.MoveRequest;
import org.apache.james.imap.message.request.SelectRequest;
import org.apache.james.imap.message.request.StatusRequest;
import org.apache.james.imap.message.request.StoreRequest;
import org.apache.james.imap.message.response.ExistsResponse;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponse.ResponseCode;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.processor.AppendProcessor;
import org.apache.james.imap.processor.CopyProcessor;
import org.apache.james.imap.processor.ExamineProcessor;
import org.apache.james.imap.processor.ExpungeProcessor;
import org.apache.james.imap.processor.MoveProcessor;
import org.apache.james.imap.processor.SelectProcessor;
import org.apache.james.imap.processor.StatusProcessor;
import org.apache.james.imap.processor.StoreProcessor;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.MailboxACL.Rfc4314Rights;
import org.apache.james.metrics.api.MetricFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * James 3.8.1's IMAP processors for the commands that change a folder, which first ask whether the member may: a
 * refused STORE, APPEND, COPY, MOVE or EXPUNGE answers {@code NO [NOPERM] <reason>} (RFC 5530) and is logged as one
 * INFO line, where James would answer a fixed "Save failed" or "processing failed" and log an ERROR with a stack trace.
 * The rules are {@link CommandRights}'. SELECT and EXAMINE announce only the messages the session can address, and
 * STATUS of a folder that does not exist answers NO without an ERROR. Listed in {@link GroupMailboxImapPackage}.
 */
public final class RefusingProcessors {

    private static final Logger LOGGER = LoggerFactory.getLogger(RefusingProcessors.class);

    private RefusingProcessors() {
    }

    /** Answers the refusal, or runs the command when {@code refusal} is empty. */
    private static Mono<Void> refuseOr(Mono<Optional<String>> refusal, ImapRequest request, Responder responder,
                                       Supplier<Mono<Void>> command) {
        return refusal
            .onErrorResume(MailboxNotFoundException.class, e -> Mono.just(Optional.empty()))
            .flatMap(reason -> {
                if (reason.isEmpty()) {
                    return command.get();
                }
                LOGGER.info("Refused: {}", reason.get());
                responder.respond(new NoPermissionResponse(request.getTag(), reason.get()));
                return Mono.empty();
            });
    }

    private static Mono<Optional<String>> selectedRefusal(ImapSession session, GroupAwareMailboxManager manager, String action,
                                                          Rfc4314Rights needed) {
        SelectedMailbox selected = session.getSelected();
        if (selected == null) {
            return Mono.just(Optional.empty());
        }
        return Mono.fromCallable(() -> manager.refusal(selected.getMessageManager(), session.getMailboxSession(), action, needed));
    }

    private static Mono<MessageManager> target(GroupAwareMailboxManager manager, ImapSession session, String name) {
        return Mono.defer(() -> manager.getMailboxReactive(PathConverter.forSession(session).buildFullPath(name),
            session.getMailboxSession()));
    }

    public static class Store extends StoreProcessor {
        private final GroupAwareMailboxManager manager;
        private final StatusResponseFactory factory;

        @Inject
        public Store(GroupAwareMailboxManager manager, StatusResponseFactory factory, MetricFactory metricFactory) {
            super(manager, factory, metricFactory);
            this.manager = manager;
            this.factory = factory;
        }

        @Override
        protected Mono<Void> processRequestReactive(StoreRequest request, ImapSession session, Responder responder) {
            return refuseOr(selectedRefusal(session, manager, "STORE in", CommandRights.toStore(request.getFlags(), request.getFlagsUpdateMode())),
                request, responder, () -> super.processRequestReactive(request, session, memberView(session, responder, factory)));
        }
    }

    public static class Expunge extends ExpungeProcessor {
        private final GroupAwareMailboxManager manager;

        @Inject
        public Expunge(GroupAwareMailboxManager manager, StatusResponseFactory factory, MetricFactory metricFactory) {
            super(manager, factory, metricFactory);
            this.manager = manager;
        }

        @Override
        protected Mono<Void> processRequestReactive(ExpungeRequest request, ImapSession session, Responder responder) {
            return refuseOr(selectedRefusal(session, manager, "EXPUNGE in", CommandRights.EXPUNGE),
                request, responder, () -> super.processRequestReactive(request, session, responder));
        }
    }

    public static class Append extends AppendProcessor {
        private final GroupAwareMailboxManager manager;

        @Inject
        public Append(GroupAwareMailboxManager manager, StatusResponseFactory factory, MetricFactory metricFactory) {
            super(manager, factory, metricFactory);
            this.manager = manager;
        }

        @Override
        protected Mono<Void> processRequestReactive(AppendRequest request, ImapSession session, Responder responder) {
            MailboxSession mailboxSession = session.getMailboxSession();
            Mono<Optional<String>> refusal = target(manager, session, request.getMailboxName())
                .flatMap(mailbox -> Mono.fromCallable(() -> manager.refusal(mailbox, mailboxSession, "APPEND to", CommandRights.APPEND)));
            return refuseOr(refusal.defaultIfEmpty(Optional.empty()), request, responder,
                () -> super.processRequestReactive(request, session, responder));
        }
    }

    public static class Copy extends CopyProcessor {
        private final GroupAwareMailboxManager manager;

        @Inject
        public Copy(GroupAwareMailboxManager manager, StatusResponseFactory factory, MetricFactory metricFactory) {
            super(manager, factory, metricFactory);
            this.manager = manager;
        }

        @Override
        protected Mono<Void> processRequestReactive(CopyRequest request, ImapSession session, Responder responder) {
            SelectedMailbox selected = session.getSelected();
            if (selected == null) {
                return super.processRequestReactive(request, session, responder);
            }
            Mono<Optional<String>> refusal = target(manager, session, request.getMailboxName())
                .flatMap(mailbox -> Mono.fromCallable(() -> manager.copyRefusal(selected.getMessageManager(), mailbox, session.getMailboxSession())));
            return refuseOr(refusal.defaultIfEmpty(Optional.empty()), request, responder,
                () -> super.processRequestReactive(request, session, responder));
        }
    }

    public static class Move extends MoveProcessor {
        private final GroupAwareMailboxManager manager;

        @Inject
        public Move(GroupAwareMailboxManager manager, StatusResponseFactory factory, MetricFactory metricFactory) {
            super(manager, factory, metricFactory);
            this.manager = manager;
        }

        @Override
        protected Mono<Void> processRequestReactive(MoveRequest request, ImapSession session, Responder responder) {
            SelectedMailbox selected = session.getSelected();
            if (selected == null) {
                return super.processRequestReactive(request, session, responder);
            }
            Mono<Optional<String>> refusal = target(manager, session, request.getMailboxName())
                .flatMap(mailbox -> Mono.fromCallable(() -> manager.moveRefusal(selected.getMessageManager(), mailbox, session.getMailboxSession())));
            return refuseOr(refusal.defaultIfEmpty(Optional.empty()), request, responder,
                () -> super.processRequestReactive(request, session, responder));
        }
    }

    /**
     * James reads the EXISTS it announces on SELECT after it listed the messages the session addresses: a message
     * delivered in between was counted but not yet addressable, and FETCH of it answered BAD. Here EXISTS is the count
     * the session can address; a message delivered meanwhile is announced by the next command's EXISTS.
     */
    public static class Select extends SelectProcessor {
        private final StatusResponseFactory factory;

        @Inject
        public Select(GroupAwareMailboxManager manager, EventBus eventBus, StatusResponseFactory factory, MetricFactory metricFactory) {
            super(manager, eventBus, factory, metricFactory);
            this.factory = factory;
        }

        @Override
        protected Mono<Void> processRequestReactive(SelectRequest request, ImapSession session, Responder responder) {
            return super.processRequestReactive(request, session, memberView(session, responder, factory));
        }
    }

    /** EXAMINE as {@link Select}. */
    public static class Examine extends ExamineProcessor {
        private final StatusResponseFactory factory;

        @Inject
        public Examine(GroupAwareMailboxManager manager, EventBus eventBus, StatusResponseFactory factory, MetricFactory metricFactory) {
            super(manager, eventBus, factory, metricFactory);
            this.factory = factory;
        }

        @Override
        protected Mono<Void> processRequestReactive(ExamineRequest request, ImapSession session, Responder responder) {
            return super.processRequestReactive(request, session, memberView(session, responder, factory));
        }
    }

    /**
     * EXISTS as the session can address it (see {@link Select}), and PERMANENTFLAGS as the folder's permanent flags
     * for this member: James adds every flag in use in the folder, so a replier without {@code t} was promised \Deleted.
     */
    private static Responder memberView(ImapSession session, Responder responder, StatusResponseFactory factory) {
        return new Responder() {
            @Override
            public void respond(ImapResponseMessage message) {
                SelectedMailbox selected = session.getSelected();
                if (selected != null && message instanceof ExistsResponse) {
                    responder.respond(new ExistsResponse(selected.existsCount()));
                } else if (selected != null && isPermanentFlags(message)) {
                    Flags flags = selected.getMessageManager().getPermanentFlags(session.getMailboxSession());
                    if (flags.contains(Flags.Flag.USER)) {
                        for (String keyword : selected.getApplicableFlags().getUserFlags()) {
                            flags.add(keyword);
                        }
                    }
                    responder.respond(factory.untaggedOk(HumanReadableText.permanentFlags(flags), ResponseCode.permanentFlags(flags)));
                } else {
                    responder.respond(message);
                }
            }

            @Override
            public void flush() {
                responder.flush();
            }
        };
    }

    private static boolean isPermanentFlags(ImapResponseMessage message) {
        return message instanceof StatusResponse status && status.getResponseCode() != null
            && "PERMANENTFLAGS".equals(status.getResponseCode().getCode());
    }

    /** STATUS of a folder that does not exist is the client's mistake: NO and one INFO line, not an ERROR. */
    public static class Status extends StatusProcessor {
        private final GroupAwareMailboxManager manager;

        @Inject
        public Status(GroupAwareMailboxManager manager, StatusResponseFactory factory, MetricFactory metricFactory) {
            super(manager, factory, metricFactory);
            this.manager = manager;
        }

        @Override
        protected Mono<Void> processRequestReactive(StatusRequest request, ImapSession session, Responder responder) {
            return Mono.defer(() -> manager.mailboxExists(PathConverter.forSession(session).buildFullPath(request.getMailboxName()),
                    session.getMailboxSession()))
                .flatMap(exists -> {
                    if (exists) {
                        return super.processRequestReactive(request, session, responder);
                    }
                    LOGGER.info("STATUS of a folder that does not exist: {}", request.getMailboxName());
                    no(request, responder, HumanReadableText.FAILURE_NO_SUCH_MAILBOX);
                    return Mono.empty();
                });
        }
    }
}
