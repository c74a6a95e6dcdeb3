package io.padic.api.store;

/**
 * The one place that writes the storage {@code _id} layouts of docs/design.md#storage-layout. Every hot-path read
 * computes its ids from these, so each lookup is an exact key.
 */
public final class StoreKeys {

    /** Wide enough for any seq an object can reach; fixed width keeps pin ids in seq order. */
    private static final int SEQ_DIGITS = 12;

    private StoreKeys() {
    }

    public static String object(String projectId, String objectId) {
        return projectId + "/" + objectId;
    }

    public static String pin(String projectId, String objectId, long seq) {
        return projectId + "/" + objectId + "/" + padded(seq, SEQ_DIGITS);
    }

    /** Access levels and reducerVersions contain no '/', so the seq stays the last segment. */
    public static String snapshot(String projectId, String objectId, String accessLevel, String reducerVersion,
            long seq) {
        return projectId + "/" + objectId + "/" + accessLevel + "/" + reducerVersion + "/"
                + padded(seq, SEQ_DIGITS);
    }

    /**
     * A pin claim lives beside the object's pins; its third segment is never twelve digits, so no claim id is
     * a pin id, and range reads by computed pin ids never meet one.
     */
    public static String pinClaim(String projectId, String objectId, String eventId, int attempt) {
        return projectId + "/" + objectId + "/claim/" + eventId + "/" + attempt;
    }

    /** The record of a batch's single-object events; event ids hold no '/', so no event's key equals it. */
    public static String eventBatch(String projectId, String batchId) {
        return projectId + "/" + batchId + "/items";
    }

    public static String event(String projectId, String eventId) {
        return projectId + "/" + eventId;
    }

    public static String idempotency(String projectId, String key) {
        return projectId + "/" + key;
    }

    public static String directoryCounter(String projectId, String type) {
        return projectId + "/" + type;
    }

    public static String directoryPage(String projectId, String type, long page) {
        return projectId + "/" + type + "/" + padded(page, 8);
    }

    /**
     * A generation of a project's analytics rollups (docs/design.md#analytics): every analytics document of it is
     * keyed under this instead of the project id, so a rebuild writes the next generation beside the current one.
     */
    public static String analyticsScope(String projectId, long epoch) {
        return projectId + "@" + epoch;
    }

    /** One shard of the objects of one type whose first event of {@code eventType} fell in week {@code epochWeek}. */
    public static String analyticsFunnel(String scope, String objectType, String eventType, long epochWeek, int shard) {
        return scope + "/" + objectType + "/" + eventType + "/w" + epochWeek + "/" + shard;
    }

    /** An object's analytics state (docs/design.md#analytics): the same key as its {@code objects} row. */
    public static String analyticsObject(String projectId, String objectId) {
        return projectId + "/" + objectId;
    }

    /**
     * The counters of one bucket: {@code interval} is hour, day, week or month and {@code start} the bucket's
     * first second (epoch seconds, negative before 1970). Read by {@code $in} only, so not padded.
     */
    public static String analyticsCount(String projectId, String interval, long start) {
        return projectId + "/" + interval + "/" + start;
    }

    /** The anomaly flags of one local day ({@code 2026-11-02}) of a generation. */
    public static String analyticsFlags(String scope, String localDate) {
        return scope + "/" + localDate;
    }

    /** A flush's marker of the objects whose counters it still has to apply. */
    public static String analyticsPending(String projectId, String flushId) {
        return projectId + "/" + flushId;
    }

    /**
     * A workspace's audit entry number {@code number} (docs/design.md#audit-log): numbered per workspace from 1, so
     * a page newest first is an {@code $in} of computed ids counting down.
     */
    public static String auditEntry(String workspaceId, long number) {
        return workspaceId + "/" + padded(number, SEQ_DIGITS);
    }

    /**
     * {@code value} (not negative) in decimal, zero-padded to {@code width} digits; what
     * {@code String.format("%0<width>d")} gives, without its cost on the write path (one per pin).
     */
    public static String padded(long value, int width) {
        String digits = Long.toString(value);
        if (digits.length() >= width) {
            return digits;
        }
        return "0".repeat(width - digits.length()) + digits;
    }
}
