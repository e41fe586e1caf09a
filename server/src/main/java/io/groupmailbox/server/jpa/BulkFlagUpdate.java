package io.groupmailbox.server.jpa;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.mail.Flags;
import javax.mail.Flags.Flag;
import javax.persistence.EntityManager;

import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.jpa.mail.model.openjpa.AbstractJPAMailboxMessage;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.mailbox.store.FlagsUpdateCalculator;
import org.apache.openjpa.persistence.OpenJPAEntityManager;
import org.apache.openjpa.persistence.OpenJPAPersistence;

import com.google.common.collect.ImmutableList;

/**
 * A flag change over a UID range ({@code STORE 1:* +FLAGS (\Seen)}) in a few statements: the range's flag rows are
 * read with one query, the new flags computed per message as James does, and the system flags written with one
 * UPDATE per distinct (old flags, new flags) pair, each bounded by the UIDs of its messages and by their old flags
 * so that it touches exactly them. James loads, changes and writes each message as an entity (about 0.25 ms per
 * message). Keywords, which live in rows of their own, are still changed through the message entities, only for
 * the messages whose keywords change.
 *
 * <p>Mod-sequences as James gives them: one new mod-sequence for the whole change, taken from the mailbox row
 * (which moves the mailbox's highest mod-sequence), set on each changed message; an unchanged message keeps its
 * own. The mailbox row is updated first: its lock, held to the commit, orders this change after an append or
 * another flag change of the same mailbox, so the rows read are the rows written.
 */
final class BulkFlagUpdate {

    private static final Flag[] SYSTEM_FLAGS = FlagRows.SYSTEM_FLAGS;
    private static final String[] SYSTEM_COLUMNS = FlagRows.SYSTEM_COLUMNS;

    private static final String NEXT_MOD_SEQ = "UPDATE JAMES_MAILBOX"
        + " SET MAILBOX_HIGHEST_MODSEQ = MAILBOX_HIGHEST_MODSEQ + 1 WHERE MAILBOX_ID = ?";
    private static final String READ_MOD_SEQ = "SELECT MAILBOX_HIGHEST_MODSEQ FROM JAMES_MAILBOX WHERE MAILBOX_ID = ?";
    private static final String WRITE_SYSTEM_FLAGS = "UPDATE JAMES_MAIL SET "
        + String.join(" = ?, ", SYSTEM_COLUMNS) + " = ?, MAIL_MODSEQ = ?"
        + " WHERE MAILBOX_ID = ? AND MAIL_UID BETWEEN ? AND ? AND "
        + String.join(" = ? AND ", SYSTEM_COLUMNS) + " = ?";

    private BulkFlagUpdate() {
    }

    /** Runs inside the caller's transaction; returns one {@link UpdatedFlags} per message of the range, as James. */
    static List<UpdatedFlags> run(EntityManager entityManager, long mailboxId, FlagsUpdateCalculator calculator,
                                  MessageRange range) {
        entityManager.createNativeQuery(NEXT_MOD_SEQ).setParameter(1, mailboxId).executeUpdate();
        long modSeq = ((Number) entityManager.createNativeQuery(READ_MOD_SEQ)
            .setParameter(1, mailboxId).getSingleResult()).longValue();

        ImmutableList.Builder<UpdatedFlags> updated = ImmutableList.builder();
        Map<Transition, long[]> systemChanges = new LinkedHashMap<>();
        Map<Long, Flags> keywordChanges = new LinkedHashMap<>();
        for (FlagRows.Row row : FlagRows.read(entityManager, mailboxId, range)) {
            long uid = row.uid().asLong();
            Flags oldFlags = row.flags();
            boolean[] oldSystem = new boolean[SYSTEM_FLAGS.length];
            for (int i = 0; i < SYSTEM_FLAGS.length; i++) {
                oldSystem[i] = oldFlags.contains(SYSTEM_FLAGS[i]);
            }
            Flags newFlags = calculator.buildNewFlags(oldFlags);
            boolean changed = UpdatedFlags.flagsChanged(oldFlags, newFlags);
            if (changed) {
                boolean[] newSystem = new boolean[SYSTEM_FLAGS.length];
                for (int i = 0; i < SYSTEM_FLAGS.length; i++) {
                    newSystem[i] = newFlags.contains(SYSTEM_FLAGS[i]);
                }
                if (!Arrays.equals(oldSystem, newSystem)) {
                    // the UID bounds of all the messages that make this change: the new system flags depend on
                    // the old ones only, so every message of the range with these old flags is one of them
                    systemChanges.merge(new Transition(oldSystem, newSystem), new long[] {uid, uid},
                        (bounds, one) -> new long[] {Math.min(bounds[0], uid), Math.max(bounds[1], uid)});
                }
                if (!sameKeywords(oldFlags, newFlags)) {
                    keywordChanges.put(uid, newFlags);
                }
            }
            updated.add(UpdatedFlags.builder()
                .uid(MessageUid.of(uid))
                .modSeq(changed ? ModSeq.of(modSeq) : row.modSeq())
                .oldFlags(oldFlags)
                .newFlags(newFlags)
                .build());
        }

        systemChanges.forEach((transition, bounds) -> {
            var update = entityManager.createNativeQuery(WRITE_SYSTEM_FLAGS);
            int parameter = 1;
            for (boolean value : transition.newSystem()) {
                update.setParameter(parameter++, value);
            }
            update.setParameter(parameter++, modSeq).setParameter(parameter++, mailboxId)
                .setParameter(parameter++, bounds[0]).setParameter(parameter++, bounds[1]);
            for (boolean value : transition.oldSystem()) {
                update.setParameter(parameter++, value);
            }
            update.executeUpdate();
        });
        forgetLoadedMessages(entityManager, mailboxId);
        writeKeywords(entityManager, mailboxId, keywordChanges, modSeq);
        return updated.build();
    }

    /** Keywords are rows of their own (with generated ids): written through the message entity, as James does. */
    private static void writeKeywords(EntityManager entityManager, long mailboxId, Map<Long, Flags> changes, long modSeq) {
        changes.forEach((uid, newFlags) -> {
            AbstractJPAMailboxMessage.MailboxIdUidKey key = new AbstractJPAMailboxMessage.MailboxIdUidKey();
            key.mailbox = mailboxId;
            key.uid = uid;
            AbstractJPAMailboxMessage message = entityManager.find(AbstractJPAMailboxMessage.class, key);
            if (message != null) {
                message.setFlags(newFlags);
                message.setModSeq(ModSeq.of(modSeq));
            }
        });
    }

    /**
     * Message entities this request had already loaded hold the flags and mod-sequences from before the UPDATE;
     * OpenJPA would hand them out again (CONDSTORE reads the mod-sequences right after a STORE). Evicted, they are
     * read again on their next use.
     */
    private static void forgetLoadedMessages(EntityManager entityManager, long mailboxId) {
        OpenJPAEntityManager openJpa = OpenJPAPersistence.cast(entityManager);
        List<Object> loaded = new ArrayList<>();
        for (Object managed : openJpa.getManagedObjects()) {
            if (managed instanceof AbstractJPAMailboxMessage message && message.getMailboxId().getRawId() == mailboxId) {
                loaded.add(message);
            }
        }
        if (!loaded.isEmpty()) {
            openJpa.evictAll(loaded);
        }
    }

    private static boolean sameKeywords(Flags oldFlags, Flags newFlags) {
        return Arrays.stream(oldFlags.getUserFlags()).sorted().toList()
            .equals(Arrays.stream(newFlags.getUserFlags()).sorted().toList());
    }

    /** The system flags of a message before and after the change. */
    private record Transition(boolean[] oldSystem, boolean[] newSystem) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Transition that
                && Arrays.equals(oldSystem, that.oldSystem) && Arrays.equals(newSystem, that.newSystem);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(oldSystem), Arrays.hashCode(newSystem));
        }
    }
}
