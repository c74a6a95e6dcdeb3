package io.padic.api.audit;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.padic.api.store.EventStore;
import io.padic.api.store.StoreKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The audit log's storage (docs/design.md#audit-log), the only code that touches its two collections:
 * {@code audit} holds the entries, written by {@code insertOne} only and never changed or removed
 * (AuditAppendOnlyTest keeps it so); {@code audit_heads} holds one document per workspace, its last entry number
 * and time. Every read is by exact keys.
 */
@ApplicationScoped
class AuditRepository {

    static final String ENTRIES = "audit";
    static final String HEADS = "audit_heads";

    /** A number taken by a writer that then lost the insert to another (the embedded store can do that): skip it. */
    private static final int MAX_ATTEMPTS = 20;

    private final MongoDatabase database;

    AuditRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String databaseName) {
        this.database = client.getDatabase(databaseName);
    }

    private MongoCollection<Document> entries() {
        return database.getCollection(ENTRIES);
    }

    private MongoCollection<Document> heads() {
        return database.getCollection(HEADS);
    }

    /** The workspace's newest entry number and the time it was given; (0, null) when it has none. */
    record Head(long number, Instant at) {
    }

    /**
     * Appends an entry: takes the next number and a time no earlier than the previous entry's in one update of the
     * workspace's head ({@code $inc} and {@code $max}), then inserts the entry under that number. A number whose
     * insert is lost (a crash in between) stays a hole that pages step over.
     */
    AuditEntry append(String workspaceId, Instant now, Actor actor, AuditAction action, String address, Target target,
            Map<String, String> details) {
        for (int attempt = 0; ; attempt++) {
            Document head = heads().findOneAndUpdate(eq("_id", workspaceId),
                    Updates.combine(Updates.inc("n", 1L), Updates.max("at", Date.from(now))),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
            AuditEntry entry = new AuditEntry(((Number) head.get("n")).longValue(), head.getDate("at").toInstant(),
                    action.wire(), actor, address, target, details);
            try {
                entries().insertOne(toDocument(workspaceId, entry));
                return entry;
            } catch (MongoWriteException e) {
                if (!EventStore.isDuplicateKey(e) || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    Head head(String workspaceId) {
        Document head = heads().find(eq("_id", workspaceId)).first();
        return head == null ? new Head(0, null)
                : new Head(((Number) head.get("n")).longValue(), head.getDate("at").toInstant());
    }

    /** The entries numbered {@code high} down to {@code low} that exist, by number, in one {@code $in}. */
    Map<Long, AuditEntry> load(String workspaceId, long high, long low) {
        List<String> ids = new ArrayList<>();
        for (long n = high; n >= Math.max(1, low); n--) {
            ids.add(StoreKeys.auditEntry(workspaceId, n));
        }
        Map<Long, AuditEntry> found = new HashMap<>();
        if (!ids.isEmpty()) {
            for (Document doc : entries().find(in("_id", ids))) {
                AuditEntry entry = toEntry(doc);
                found.put(entry.number(), entry);
            }
        }
        return found;
    }

    private static Document toDocument(String workspaceId, AuditEntry entry) {
        Document doc = new Document("_id", StoreKeys.auditEntry(workspaceId, entry.number()))
                .append("workspaceId", workspaceId).append("number", entry.number())
                .append("at", Date.from(entry.at())).append("action", entry.action())
                .append("actor", new Document("kind", entry.actor().kind()).append("id", entry.actor().id())
                        .append("name", entry.actor().name()))
                .append("address", entry.address());
        if (entry.target() != null) {
            Target t = entry.target();
            doc.append("target", new Document("kind", t.kind()).append("id", t.id()).append("name", t.name())
                    .append("projectId", t.projectId()));
        }
        if (!entry.details().isEmpty()) {
            doc.append("details", new Document(new LinkedHashMap<>(entry.details())));
        }
        return doc;
    }

    private static AuditEntry toEntry(Document doc) {
        Document actor = doc.get("actor", Document.class);
        Document target = doc.get("target", Document.class);
        Document details = doc.get("details", Document.class);
        Map<String, String> detailMap = new LinkedHashMap<>();
        if (details != null) {
            details.forEach((key, value) -> detailMap.put(key, value == null ? null : value.toString()));
        }
        return new AuditEntry(((Number) doc.get("number")).longValue(), doc.getDate("at").toInstant(),
                doc.getString("action"),
                new Actor(actor.getString("kind"), actor.getString("id"), actor.getString("name")),
                doc.getString("address"),
                target == null ? null : new Target(target.getString("kind"), target.getString("id"),
                        target.getString("name"), target.getString("projectId")),
                detailMap);
    }
}
