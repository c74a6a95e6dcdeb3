package io.padic.api.analytics;

import java.util.HashMap;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * The codec of a bucket's counters in {@code analytics_counts} (docs/design.md#analytics):
 * {@code events.<eventType>} (each event once) and {@code objects.<objectType>.<figure>} (events once per pin,
 * and the lifecycle figures of the type's objects), {@code retention.<objectType>.<k>} (objects whose first bucket
 * is this one, active k buckets later), {@code lifecycle.<objectType>} (in every bucket: the
 * {@code starts.<eventType>} of objects whose first event falls in the bucket, and the
 * {@code transitions.<from>.<to>} whose second event does, with their {@code count} and their times between as
 * {@code times}, a binary of {@link TimeCounts}), names escaped by {@link FieldNames}; {@code applied} holds
 * the last flushes already added, so applying a flush again adds nothing. A flush's changes name each time's key
 * ({@link #transitionTime}); {@link CounterRepository} merges them into the binary.
 */
final class CounterDocument {

    static final String PROJECT_ID = "projectId";
    static final String INTERVAL = "interval";
    static final String START = "start";
    static final String EVENTS = "events";
    static final String OBJECTS = "objects";
    static final String RETENTION = "retention";
    static final String APPLIED = "applied";
    static final String LIFECYCLE = "lifecycle";
    private static final String STARTS = "starts";
    private static final String TRANSITIONS = "transitions";
    private static final String COUNT = "count";
    private static final String MS = "ms";
    private static final String TIMES = "times";
    private static final String MS_INFIX = "." + MS + ".";

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

    /** Objects of the type whose first event is of {@code eventType}. */
    static String start(String objectType, String eventType) {
        return lifecycle(objectType) + "." + STARTS + "." + FieldNames.escape(eventType);
    }

    static String transitionCount(String objectType, String from, String to) {
        return transition(objectType, from, to) + "." + COUNT;
    }

    /** Transitions whose time between counts under {@code key} (see {@link TimeBetween#key}). */
    static String transitionTime(String objectType, String from, String to, long key) {
        return transition(objectType, from, to) + "." + MS + "." + key;
    }

    /**
     * For a change named by {@link #transitionTime}: the path of its transition's {@code times} binary and its key;
     * null for any other field.
     */
    static Map.Entry<String, Long> timesAndKey(String field) {
        int at = field.lastIndexOf(MS_INFIX);
        if (at < 0 || !field.startsWith(LIFECYCLE + ".")) {
            return null;
        }
        return Map.entry(field.substring(0, at) + "." + TIMES, Long.parseLong(field.substring(at + MS_INFIX.length())));
    }

    /** The lifecycle counters of one object type, the part of a bucket the lifecycle route reads. */
    static String lifecycle(String objectType) {
        return LIFECYCLE + "." + FieldNames.escape(objectType);
    }

    private static String transition(String objectType, String from, String to) {
        return lifecycle(objectType) + "." + TRANSITIONS + "." + FieldNames.escape(from) + "." + FieldNames.escape(to);
    }

    /** A transition between two event types. */
    record Transition(String from, String to) {
    }

    /** How many transitions, and how many of them took each {@link TimeBetween} key of time. */
    record TransitionCounts(long count, TimeCounts times) {
    }

    /** An object type's starts by event type and its transitions, in one bucket. */
    record LifecycleCounts(Map<String, Long> starts, Map<Transition, TransitionCounts> transitions) {

        static final LifecycleCounts EMPTY = new LifecycleCounts(Map.of(), Map.of());
    }

    /** A bucket's counters as read: per event type, per object type and figure, and its cohorts by object type. */
    record BucketCounts(Map<String, Long> events, Map<String, Map<Figure, Long>> objects,
            Map<String, Map<Long, Long>> retention, Map<String, LifecycleCounts> lifecycle) {

        static final BucketCounts EMPTY = new BucketCounts(Map.of(), Map.of(), Map.of(), Map.of());

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
        Map<String, LifecycleCounts> lifecycle = new HashMap<>();
        Document lifecycleDoc = doc.get(LIFECYCLE, Document.class);
        if (lifecycleDoc != null) {
            lifecycleDoc.forEach((name, part) -> lifecycle.put(FieldNames.unescape(name), lifecycle((Document) part)));
        }
        return new BucketCounts(events, objects, retention, lifecycle);
    }

    private static LifecycleCounts lifecycle(Document part) {
        Map<String, Long> starts = new HashMap<>();
        Document startDoc = part.get(STARTS, Document.class);
        if (startDoc != null) {
            startDoc.forEach((type, n) -> starts.put(FieldNames.unescape(type), ((Number) n).longValue()));
        }
        Map<Transition, TransitionCounts> transitions = new HashMap<>();
        Document transitionDoc = part.get(TRANSITIONS, Document.class);
        if (transitionDoc != null) {
            transitionDoc.forEach((from, targets) -> ((Document) targets).forEach((to, counts) -> {
                Document countDoc = (Document) counts;
                Binary times = countDoc.get(TIMES, Binary.class);
                Number count = (Number) countDoc.get(COUNT);
                transitions.put(new Transition(FieldNames.unescape(from), FieldNames.unescape(to)),
                        new TransitionCounts(count == null ? 0 : count.longValue(),
                                times == null ? TimeCounts.EMPTY : TimeCounts.decode(times.getData())));
            }));
        }
        return new LifecycleCounts(starts, transitions);
    }
}
