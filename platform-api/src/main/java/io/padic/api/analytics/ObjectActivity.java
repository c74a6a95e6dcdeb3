package io.padic.api.analytics;

import io.padic.api.analytics.CounterDocument.Figure;
import io.padic.api.analytics.Deltas.Bucket;
import io.padic.api.fold.Hides;
import io.padic.api.journal.PinnedEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What analytics have counted of one object: its pins 1..{@code seq} (the watermark), and the buckets it was
 * active in per interval, in the zone they were counted in. Counting the next pins gives the changes to the
 * counters: the events of each pin, and the lifecycle figures that change, as the figures of the new state
 * minus those of the old one, so a late event (occurredAt in the past) that moves an object's first bucket
 * or fills a gap is counted exactly (docs/design.md#analytics). The same holds for retention: an object counts in
 * the cohort of its first bucket, once for every bucket it was active in.
 * <p>
 * For lifecycles it keeps the type and time of the last event counted (the next one makes a transition from it; the
 * first one is the object's start), and for funnels the first time of each event type ({@code firsts}).
 */
final class ObjectActivity {

    /** The intervals the lifecycle is counted in: a range is covered by months, weeks, days and hours. */
    static final List<Interval> LIFECYCLE_INTERVALS = List.of(Interval.values());
    /** The intervals anomalies are checked in, whose buckets keep segment counters (analytics_segments). */
    static final List<Interval> SEGMENT_INTERVALS = List.of(Interval.HOUR, Interval.DAY);
    /** The bit of a type mask that stands for every event type past the first 63 of an object. */
    private static final int OTHER_TYPES_BIT = 63;

    /** The last event counted: the one the next event's transition comes from. */
    record LastEvent(String type, long atMillis) {
    }

    private final String objectType;
    private final ZoneId zone;
    private final Map<Interval, TreeSet<Long>> active;
    private final Map<String, Long> firsts;
    /** The event types the object received, in the order first counted: bit i of a mask is the i-th. */
    private final List<String> typeOrder;
    /** Per hour and day bucket it was active in, the event types it received there (bit 63: any past the 63rd). */
    private final Map<Interval, Map<Long, Long>> typeMasks;
    private LastEvent last;
    private long seq;

    ObjectActivity(String objectType, ZoneId zone, long seq, Map<Interval, TreeSet<Long>> active, LastEvent last,
            Map<String, Long> firsts) {
        this(objectType, zone, seq, active, last, firsts, List.of(), Map.of());
    }

    ObjectActivity(String objectType, ZoneId zone, long seq, Map<Interval, TreeSet<Long>> active, LastEvent last,
            Map<String, Long> firsts, List<String> typeOrder, Map<Interval, Map<Long, Long>> typeMasks) {
        this.objectType = objectType;
        this.zone = zone;
        this.seq = seq;
        this.active = new EnumMap<>(Interval.class);
        for (Interval interval : Interval.values()) {
            this.active.put(interval, new TreeSet<>(active.getOrDefault(interval, new TreeSet<>())));
        }
        this.last = last;
        this.firsts = new HashMap<>(firsts);
        this.typeOrder = new ArrayList<>(typeOrder);
        this.typeMasks = new EnumMap<>(Interval.class);
        for (Interval interval : SEGMENT_INTERVALS) {
            this.typeMasks.put(interval, new HashMap<>(typeMasks.getOrDefault(interval, Map.of())));
        }
    }

    static ObjectActivity empty(String objectType, ZoneId zone) {
        return new ObjectActivity(objectType, zone, 0, Map.of(), null, Map.of());
    }

    ObjectActivity copy() {
        return new ObjectActivity(objectType, zone, seq, active, last, firsts, typeOrder, typeMasks);
    }

    List<String> typeOrder() {
        return typeOrder;
    }

    /** Per hour and day bucket, the mask of the event types received there (see {@link #typeOrder}). */
    Map<Interval, Map<Long, Long>> typeMasks() {
        return typeMasks;
    }

    LastEvent last() {
        return last;
    }

    /** Per event type, the earliest time (epoch milliseconds) of the object's events of that type. */
    Map<String, Long> firsts() {
        return firsts;
    }

    String objectType() {
        return objectType;
    }

    ZoneId zone() {
        return zone;
    }

    long seq() {
        return seq;
    }

    Map<Interval, TreeSet<Long>> active() {
        return active;
    }

    /** An event's time for analytics: when it occurred if the client said so, else when it was stored. */
    static Instant eventTime(PinnedEvent pin) {
        return pin.occurredAt() != null ? pin.occurredAt() : pin.createdAt();
    }

    /**
     * Counts {@code pins} (the next seqs after the watermark, in order) and moves the watermark past them;
     * returns the changes to the counters. Hides are passed over: they count nothing, and the events they
     * hide stay counted.
     */
    Deltas count(String objectId, List<PinnedEvent> pins) {
        Deltas deltas = new Deltas();
        Map<Interval, TreeSet<Long>> added = new EnumMap<>(Interval.class);
        for (PinnedEvent pin : pins) {
            if (pin.seq() != seq + 1) {
                throw new IllegalArgumentException("Pin " + pin.seq() + " of " + objectId + " does not follow " + seq);
            }
            seq = pin.seq();
            if (Hides.isHide(pin)) {
                continue;
            }
            Instant at = eventTime(pin);
            lifecycle(pin.type(), at, deltas);
            // An event of several objects counts once, at the pin of its first concern.
            boolean countsEvent = pin.concerns().isEmpty() || pin.concerns().getFirst().equals(objectId);
            segments(pin, at, countsEvent, deltas);
            for (Interval interval : Interval.values()) {
                long start = interval.start(at, zone);
                Bucket bucket = new Bucket(interval, start);
                deltas.add(bucket, CounterDocument.objectFigure(objectType, Figure.EVENTS), 1);
                if (countsEvent) {
                    deltas.add(bucket, CounterDocument.eventCount(pin.type()), 1);
                }
                if (!active.get(interval).contains(start)) {
                    added.computeIfAbsent(interval, i -> new TreeSet<>()).add(start);
                }
            }
        }
        added.forEach((interval, buckets) -> activate(interval, buckets, deltas));
        return deltas;
    }

    /**
     * The segment counters of a pin in its hour and day buckets: the pin by its object type, the event (once) by its
     * top metaData values and, per day, its fields; and the object as active with this event type, the first time
     * it receives the type in the bucket.
     */
    private void segments(PinnedEvent pin, Instant at, boolean countsEvent, Deltas deltas) {
        SegmentDocument.Scan scan = countsEvent ? SegmentDocument.scan(pin.metaData()) : SegmentDocument.Scan.EMPTY;
        int index = typeOrder.indexOf(pin.type());
        if (index < 0) {
            typeOrder.add(pin.type());
            index = typeOrder.size() - 1;
        }
        int bit = Math.min(index, OTHER_TYPES_BIT);
        String typeSegment = bit == OTHER_TYPES_BIT ? null : pin.type();
        for (Interval interval : SEGMENT_INTERVALS) {
            Bucket bucket = new Bucket(interval, interval.start(at, zone));
            deltas.add(bucket, SegmentDocument.pinned(pin.type(), objectType), 1);
            scan.scalars().forEach((key, value) ->
                    deltas.add(bucket, SegmentDocument.metaValue(pin.type(), key, value), 1));
            if (interval == Interval.DAY) {
                scan.paths().forEach((path, kind) -> deltas.add(bucket, SegmentDocument.field(pin.type(), path, kind), 1));
            }
            Map<Long, Long> masks = typeMasks.get(interval);
            long mask = masks.getOrDefault(bucket.start(), 0L);
            if ((mask & (1L << bit)) == 0) {
                masks.put(bucket.start(), mask | (1L << bit));
                deltas.add(bucket, SegmentDocument.activeBy(objectType, typeSegment), 1);
            }
        }
    }

    /** The object's start (its first event) or its transition from the last event, in the event's buckets. */
    private void lifecycle(String type, Instant at, Deltas deltas) {
        long millis = at.toEpochMilli();
        for (Interval interval : LIFECYCLE_INTERVALS) {
            Bucket bucket = new Bucket(interval, interval.start(at, zone));
            if (last == null) {
                deltas.add(bucket, CounterDocument.start(objectType, type), 1);
            } else {
                deltas.add(bucket, CounterDocument.transitionCount(objectType, last.type(), type), 1);
                deltas.add(bucket, CounterDocument.transitionTime(objectType, last.type(), type,
                        TimeBetween.key(millis - last.atMillis())), 1);
            }
        }
        last = new LastEvent(type, millis);
        firsts.merge(type, millis, Math::min);
    }

    /** Adds buckets to the active ones, with the lifecycle figures that change in the buckets they touch. */
    private void activate(Interval interval, TreeSet<Long> buckets, Deltas deltas) {
        TreeSet<Long> current = active.get(interval);
        TreeSet<Long> touched = new TreeSet<>();
        for (long start : buckets) {
            touched.add(start);
            touched.add(interval.next(start, zone)); // its previous bucket is now active: returning or dormant
        }
        if (!current.isEmpty()) {
            touched.add(current.first()); // it stops being the first bucket if an earlier one comes
        }
        for (long start : touched) {
            figures(interval, current, start, -1, deltas);
        }
        Long oldFirst = current.isEmpty() ? null : current.first();
        if (oldFirst != null && buckets.first() < oldFirst) {
            retention(interval, current, -1, deltas); // a new first bucket: the object moves to another cohort
        }
        current.addAll(buckets);
        for (long start : touched) {
            figures(interval, current, start, +1, deltas);
        }
        if (oldFirst != null && oldFirst.equals(current.first())) {
            for (long start : buckets) {
                deltas.add(new Bucket(interval, oldFirst),
                        CounterDocument.retained(objectType, interval.steps(oldFirst, start, zone)), 1);
            }
        } else {
            retention(interval, current, +1, deltas);
        }
    }

    /** Adds {@code sign} × the object's cells of retention: in its first bucket's cohort, each bucket it was active in. */
    private void retention(Interval interval, TreeSet<Long> activeBuckets, int sign, Deltas deltas) {
        long first = activeBuckets.first();
        Bucket cohort = new Bucket(interval, first);
        for (long start : activeBuckets) {
            deltas.add(cohort, CounterDocument.retained(objectType, interval.steps(first, start, zone)), sign);
        }
    }

    /** Adds {@code sign} × this object's lifecycle figures in one bucket, given its active buckets. */
    private void figures(Interval interval, TreeSet<Long> activeBuckets, long start, int sign, Deltas deltas) {
        if (activeBuckets.isEmpty()) {
            return;
        }
        Bucket bucket = new Bucket(interval, start);
        boolean previousActive = activeBuckets.contains(interval.previous(start, zone));
        if (activeBuckets.contains(start)) {
            deltas.add(bucket, CounterDocument.objectFigure(objectType, Figure.ACTIVE), sign);
            Figure kind = start == activeBuckets.first() ? Figure.NEW
                    : previousActive ? Figure.RETURNING : Figure.RESURRECTED;
            deltas.add(bucket, CounterDocument.objectFigure(objectType, kind), sign);
        } else if (previousActive) {
            deltas.add(bucket, CounterDocument.objectFigure(objectType, Figure.DORMANT), sign);
        }
    }
}
