package io.padic.api.analytics;

import java.util.HashMap;
import java.util.Map;
import org.bson.Document;

/**
 * The codec of a bucket's counters in {@code analytics_counts} (docs/design.md#analytics):
 * {@code events.<eventType>} (each event once) and {@code objects.<objectType>.<figure>} (events once per pin,
 * and the lifecycle figures of the type's objects), {@code retention.<objectType>.<k>} (objects whose first bucket
 * is this one, active k buckets later), names escaped by {@link FieldNames}; {@code applied} holds
 * the last flushes already added, so applying a flush again adds nothing.
 */
final class CounterDocument {

    static final String PROJECT_ID = "projectId";
    static final String INTERVAL = "interval";
    static final String START = "start";
    static final String EVENTS = "events";
    static final String OBJECTS = "objects";
    static final String RETENTION = "retention";
    static final String APPLIED = "applied";

    /** The figures kept per object type and bucket. */
    enum Figure {
        EVENTS("events"), NEW("new"), ACTIVE("active"), RETURNING("returning"), RESURRECTED("resurrected"),
        DORMANT("dormant");

        final String field;

        Figure(String field) {
            this.field = field;
        }
    }

    private CounterDocument() {
    }

    static String eventCount(String eventType) {
        return EVENTS + "." + FieldNames.escape(eventType);
    }

    static String objectFigure(String objectType, Figure figure) {
        return OBJECTS + "." + FieldNames.escape(objectType) + "." + figure.field;
    }

    /** The cohort of objects whose first bucket is this one, counted again {@code k} buckets later. */
    static String retained(String objectType, long k) {
        return RETENTION + "." + FieldNames.escape(objectType) + "." + k;
    }

    /** A bucket's counters as read: per event type, per object type and figure, and its cohorts by object type. */
    record BucketCounts(Map<String, Long> events, Map<String, Map<Figure, Long>> objects,
            Map<String, Map<Long, Long>> retention) {

        static final BucketCounts EMPTY = new BucketCounts(Map.of(), Map.of(), Map.of());

        long figure(String objectType, Figure figure) {
            return objects.getOrDefault(objectType, Map.of()).getOrDefault(figure, 0L);
        }

        long retained(String objectType, long k) {
            return retention.getOrDefault(objectType, Map.of()).getOrDefault(k, 0L);
        }
    }

    static BucketCounts read(Document doc) {
        Map<String, Long> events = new HashMap<>();
        Document eventDoc = doc.get(EVENTS, Document.class);
        if (eventDoc != null) {
            eventDoc.forEach((name, n) -> events.put(FieldNames.unescape(name), ((Number) n).longValue()));
        }
        Map<String, Map<Figure, Long>> objects = new HashMap<>();
        Document objectDoc = doc.get(OBJECTS, Document.class);
        if (objectDoc != null) {
            objectDoc.forEach((name, figures) -> {
                Map<Figure, Long> values = new HashMap<>();
                for (Figure figure : Figure.values()) {
                    Object n = ((Document) figures).get(figure.field);
                    if (n != null) {
                        values.put(figure, ((Number) n).longValue());
                    }
                }
                objects.put(FieldNames.unescape(name), values);
            });
        }
        Map<String, Map<Long, Long>> retention = new HashMap<>();
        Document retentionDoc = doc.get(RETENTION, Document.class);
        if (retentionDoc != null) {
            retentionDoc.forEach((name, cells) -> {
                Map<Long, Long> byStep = new HashMap<>();
                ((Document) cells).forEach((k, n) -> byStep.put(Long.parseLong(k), ((Number) n).longValue()));
                retention.put(FieldNames.unescape(name), byStep);
            });
        }
        return new BucketCounts(events, objects, retention);
    }
}
