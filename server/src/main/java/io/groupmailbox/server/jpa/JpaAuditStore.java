package io.groupmailbox.server.jpa;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;
import javax.persistence.TypedQuery;

import org.apache.james.backends.jpa.TransactionRunner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.groupmailbox.audit.AuditEntry;
import io.groupmailbox.audit.AuditQuery;
import io.groupmailbox.audit.AuditStore;
import io.groupmailbox.server.jpa.model.JpaAuditEntry;

/**
 * The audit trail in the shared database (table GM_AUDIT): one INSERT per entry, read by group newest first
 * (index on group and id). Entries are never updated; {@link #removeOlderThan} applies the retention period.
 */
public class JpaAuditStore implements AuditStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() {
    };

    private final TransactionRunner transactions;

    @Inject
    public JpaAuditStore(EntityManagerFactory entityManagerFactory) {
        this.transactions = new TransactionRunner(entityManagerFactory);
    }

    @Override
    public AuditEntry append(AuditEntry entry) {
        String details = write(entry.details());
        JpaAuditEntry row = new JpaAuditEntry(entry, details);
        transactions.runAndHandleException(entityManager -> entityManager.persist(row), JpaAuditStore::rethrow);
        return row.toEntry(entry.details());
    }

    /** One INSERT; a key already there is refused by the table's unique constraint, which no racing writer passes. */
    @Override
    public Optional<AuditEntry> appendOnce(AuditEntry entry, String key) {
        String details = write(entry.details());
        JpaAuditEntry row = new JpaAuditEntry(entry, details, storedKey(key));
        try {
            transactions.runAndHandleException(entityManager -> {
                entityManager.persist(row);
                entityManager.flush();
            }, JpaAuditStore::rethrow);
        } catch (PersistenceException e) {
            if (isDuplicateKey(e)) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(row.toEntry(entry.details()));
    }

    /** Keys longer than the column are stored as their SHA-256, which is as unique. */
    private static String storedKey(String key) {
        if (key.length() <= JpaAuditEntry.ONCE_KEY_LENGTH) {
            return key;
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SQLState class 23: integrity constraint violation (Derby 23505, PostgreSQL 23505). */
    private static boolean isDuplicateKey(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    @Override
    public List<AuditEntry> find(AuditQuery query) {
        return transactions.runAndRetrieveResult(entityManager -> select(entityManager, query).getResultList())
            .stream()
            .map(row -> row.toEntry(read(row.getDetails())))
            .toList();
    }

    private static TypedQuery<JpaAuditEntry> select(EntityManager entityManager, AuditQuery query) {
        StringBuilder jpql = new StringBuilder("SELECT e FROM AuditEntry e WHERE e.groupAddress = :group");
        query.member().ifPresent(member -> jpql.append(" AND e.member = :member"));
        query.since().ifPresent(since -> jpql.append(" AND e.time >= :since"));
        query.until().ifPresent(until -> jpql.append(" AND e.time < :until"));
        query.before().ifPresent(before -> jpql.append(" AND e.id < :before"));
        jpql.append(" ORDER BY e.id DESC");
        TypedQuery<JpaAuditEntry> select = entityManager.createQuery(jpql.toString(), JpaAuditEntry.class)
            .setParameter("group", query.group().asString())
            .setMaxResults(query.limit());
        query.member().ifPresent(member -> select.setParameter("member", member.asString()));
        query.since().ifPresent(since -> select.setParameter("since", since.toEpochMilli()));
        query.until().ifPresent(until -> select.setParameter("until", until.toEpochMilli()));
        query.before().ifPresent(before -> select.setParameter("before", before));
        return select;
    }

    @Override
    public int removeOlderThan(Instant time) {
        return transactions.runAndRetrieveResult(entityManager -> entityManager
            .createQuery("DELETE FROM AuditEntry e WHERE e.time < :time")
            .setParameter("time", time.toEpochMilli())
            .executeUpdate());
    }

    /** Details longer than the column are cut value by value (the longest first), never refused. */
    private static String write(Map<String, String> details) {
        try {
            String json = JSON.writeValueAsString(details);
            if (json.length() <= JpaAuditEntry.MAX_DETAILS) {
                return json;
            }
            Map<String, String> shortened = new java.util.TreeMap<>(details);
            shortened.replaceAll((key, value) -> value.length() > 200 ? value.substring(0, 200) + "…" : value);
            return JSON.writeValueAsString(shortened);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> read(String json) {
        try {
            return JSON.readValue(json, DETAILS);
        } catch (JsonProcessingException e) {
            return Map.of("unreadable", json);
        }
    }

    private static void rethrow(PersistenceException e) {
        throw e;
    }
}
