package io.groupmailbox.server.imap;

import java.util.List;
import java.util.Optional;

import javax.mail.Flags;

import org.apache.james.mailbox.MessageManager.FlagsUpdateMode;
import org.apache.james.mailbox.model.MailboxACL.Rfc4314Rights;
import org.apache.james.mailbox.model.MailboxACL.Right;

/**
 * The RFC 4314 rights (section 4) that each change to a folder needs, what a member's rights let them change, and the
 * reason given when they fall short. The IMAP commands (refused up front with {@code NO [NOPERM]}) and the mailbox layer
 * (the last guard, for any other caller) both decide here.
 */
final class CommandRights {

    static final Rfc4314Rights APPEND = new Rfc4314Rights(Right.Insert);
    static final Rfc4314Rights EXPUNGE = new Rfc4314Rights(Right.PerformExpunge);
    static final Rfc4314Rights COPY_INTO = new Rfc4314Rights(Right.Insert);
    /** Out of a folder owned by someone else (a group folder): a reader reads the mail there but takes no copies away. */
    static final Rfc4314Rights COPY_OUT_OF_SHARED = new Rfc4314Rights(Right.Insert);
    static final Rfc4314Rights MOVE_OUT = new Rfc4314Rights(Right.DeleteMessages, Right.PerformExpunge);
    static final Rfc4314Rights MOVE_INTO = new Rfc4314Rights(Right.Insert);

    private static final Rfc4314Rights NONE = new Rfc4314Rights();

    private CommandRights() {
    }

    /** \Seen needs s, \Deleted t, any other flag or keyword w; replacing the flags may clear any of them: all three. */
    static Rfc4314Rights toStore(Flags flags, FlagsUpdateMode mode) {
        if (mode == FlagsUpdateMode.REPLACE) {
            return new Rfc4314Rights(Right.WriteSeenFlag, Right.DeleteMessages, Right.Write);
        }
        List<Right> needed = new java.util.ArrayList<>();
        if (flags.contains(Flags.Flag.SEEN)) {
            needed.add(Right.WriteSeenFlag);
        }
        if (flags.contains(Flags.Flag.DELETED)) {
            needed.add(Right.DeleteMessages);
        }
        Flags others = new Flags(flags);
        others.remove(Flags.Flag.SEEN);
        others.remove(Flags.Flag.DELETED);
        others.remove(Flags.Flag.RECENT);
        if (others.getSystemFlags().length > 0 || others.getUserFlags().length > 0) {
            needed.add(Right.Write);
        }
        return needed.isEmpty() ? NONE : new Rfc4314Rights(needed);
    }

    /** The flags {@code granted} lets a member change: what SELECT's PERMANENTFLAGS promises ({@code \*}: new keywords). */
    static Flags changeableFlags(Rfc4314Rights granted) {
        Flags flags = new Flags();
        if (granted.contains(Right.WriteSeenFlag)) {
            flags.add(Flags.Flag.SEEN);
        }
        if (granted.contains(Right.DeleteMessages)) {
            flags.add(Flags.Flag.DELETED);
        }
        if (granted.contains(Right.Write)) {
            flags.add(Flags.Flag.ANSWERED);
            flags.add(Flags.Flag.DRAFT);
            flags.add(Flags.Flag.FLAGGED);
            flags.add(Flags.Flag.USER);
        }
        return flags;
    }

    /**
     * Empty when {@code granted} holds every right of {@code needed}; otherwise the reason, for the member and the log:
     * {@code STORE \Deleted in Groups.Support.INBOX needs the right(s) t; bob@example.fr has lrs}.
     */
    static Optional<String> refusal(String action, String folder, Rfc4314Rights needed, Rfc4314Rights granted, String user) {
        List<Right> missing = needed.list().stream().filter(right -> !granted.contains(right)).toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(action + " " + folder + " needs the right(s) " + new Rfc4314Rights(missing).serialize()
            + "; " + user + " has " + granted.serialize());
    }
}
