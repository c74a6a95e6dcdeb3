package io.padic.api.analytics;

import java.util.HashMap;
import java.util.Map;
import org.bson.Document;

/**
 * The codec of a bucket's counters in {@code analytics_counts} (docs/design.md#analytics):
 * {@code events.<eventType>} (each event once) and {@code objects.<objectType>.<figure>} (events once per pin,
 * and the lifecycle figures of the type's objects), names escaped by {@link FieldNames}; {@code applied} holds
 * the last flushes already added, so applying a flush again adds nothing.
 */
final class CounterDocument {

    static final String PROJECT_ID = "projectId";
    static final String INTERVAL = "interval";
    static final String START = "start";
    static final String EVENTS = "events";
    static final String OBJECTS = "objects";
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

    /** A bucket's counters as read: per event type, and per object type and figure. */
    record BucketCounts(Map<String, Long> events, Map<String, Map<Figure, Long>> objects) {

        static final BucketCounts EMPTY = new BucketCounts(Map.of(), Map.of());

        long figure(String objectType, Figure figure) {
            return objects.getOrDefault(objectType, Map.of()).getOrDefault(figure, 0L);
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
        return new BucketCounts(events, objects);
    }
}
