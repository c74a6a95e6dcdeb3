package io.padic.api.store;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where each collection lives on a sharded MongoDB cluster (docs/design.md#shard-keys), as a table that the shard-key
 * audit of the tests and the check of {@code deploy/mongodb/shard-collections.js} read. A sharded collection is
 * sharded on {@code _id}, whose value starts with {@code <projectId>/<objectId>/} (per-object collections) or
 * {@code <projectId>/} (per-project ones): ranged, so that an object's or a project's documents are one range, except
 * the {@link #HASHED} ones. Either way every exact-key read and write of the storage rules names its shard key. A new
 * collection goes into one of the sets, or the audit fails on its first command.
 */
public final class ShardKeys {

    /** The shard key field of every sharded collection. */
    public static final String KEY = "_id";

    /** Per-object collections: {@code _id} starts with {@code <projectId>/<objectId>/} (or {@code <scope>/<objectId>}). */
    public static final Set<String> PER_OBJECT = Set.of("objects", "pins", "snapshots", "analytics_objects");

    /** Per-project (or per-workspace) collections: {@code _id} starts with {@code <projectId>} or {@code <scope>}. */
    public static final Set<String> PER_PROJECT = Set.of("events", "pending_pins", "idempotency", "directory",
            "violations", "violation_counts", "field_stats", "event_type_versions", "event_type_heads", "audit",
            "audit_heads", "analytics_projects", "analytics_counts", "analytics_lifecycle", "analytics_segments",
            "analytics_checks", "analytics_flags", "analytics_funnels", "analytics_pending");

    /**
     * The per-project collections sharded on a hash of {@code _id} rather than its range: their ids grow with time
     * inside a project (event ids are time-ordered) or are a client's, and they are read one id at a time or by
     * {@code $in} of unrelated ids, so hashing spreads a busy project's inserts over every shard and still routes
     * each id to one. The rest are ranged, which keeps an object's (or a page's) documents on one shard.
     */
    public static final Set<String> HASHED = Set.of("events", "pending_pins", "idempotency");

    /** Small control-plane collections: a document per user, session, workspace, project, key, process or sign-in. */
    public static final Set<String> UNSHARDED = Set.of("users", "sessions", "tenants", "projects", "api_keys",
            "one_time_tokens", "access_tokens", "pending_logins", "analytics_processes", "identity_links",
            "used_id_tokens", "cache_fences");

    /**
     * The background jobs that may read or write a sharded collection without naming exact keys (the storage rules
     * allow scans there only), as {@code Class#method} of the repository method that sends the command → the
     * collection it scans. Each runs off the request path, seldom, and is argued in docs/design.md#shard-keys.
     */
    public static final Map<String, String> BACKGROUND_SCANS = Map.of(
            "io.padic.api.journal.EventRepository#pendingBefore", "pending_pins",
            "io.padic.api.journal.IdempotencyRepository#forgetBefore", "idempotency",
            "io.padic.api.journal.ObjectRepository#forEachWrittenSince", "objects",
            "io.padic.api.journal.ObjectRepository#forEachInProject", "objects",
            "io.padic.api.analytics.ActivityRepository#markersBefore", "analytics_pending",
            "io.padic.api.analytics.AnalyticsScopes#all", "analytics_projects",
            "io.padic.api.analytics.AnalyticsScopes#olderLayouts", "analytics_projects",
            "io.padic.api.analytics.AnalyticsScopes#buildsToClaim", "analytics_projects",
            "io.padic.api.analytics.AnalyticsBuilds#dropOlderGenerations", "*");

    private ShardKeys() {
    }

    /** The shard key of a sharded collection, as mongosh spells it. */
    public static String keyOf(String collection) {
        return HASHED.contains(collection) ? "{_id: \"hashed\"}" : "{_id: 1}";
    }

    /** Every sharded collection. */
    public static Set<String> sharded() {
        Set<String> all = new TreeSet<>(PER_OBJECT);
        all.addAll(PER_PROJECT);
        return all;
    }

    /**
     * The smallest {@code _id} above every {@code _id} that starts with {@code prefix + "/"}: {@code '0'} follows
     * {@code '/'}, so {@code [prefix/, prefix0)} is exactly the ids under the prefix, one range of a ranged shard key.
     */
    public static String prefixEnd(String prefix) {
        return prefix + "0";
    }
}
