package io.padic.api.analytics;

import io.padic.api.analytics.CounterDocument.BucketCounts;
import io.padic.api.analytics.CounterDocument.Figure;
import io.padic.api.analytics.SegmentDocument.Segments;
import io.padic.api.analytics.anomalies.Observation;
import io.padic.api.analytics.anomalies.SegmentObservation;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The series of one bucket as the detector sees them: {@code events:<eventType>} (events of the type, segmented by
 * object type and top metaData value) and {@code active:<objectType>} (active objects, segmented by the event types
 * they received), each beside the same bucket of the previous weeks in the project's time zone (docs/design.md#analytics).
 */
final class SeriesObservations {

    static final String EVENTS = "events:";
    static final String ACTIVE = "active:";

    private SeriesObservations() {
    }

    /**
     * The bucket {@code weeks} weeks after the one starting at {@code start} (before, if negative): the same local
     * weekday, and for hours the same local hour; null where that local hour does not exist (the spring DST gap).
     */
    static Long sameBucket(Interval interval, long start, ZoneId zone, int weeks) {
        ZonedDateTime local = Instant.ofEpochSecond(start).atZone(zone);
        if (interval == Interval.DAY) {
            return local.toLocalDate().plusWeeks(weeks).atStartOfDay(zone).toEpochSecond();
        }
        LocalDateTime wanted = local.toLocalDateTime().plusWeeks(weeks);
        ZonedDateTime there = ZonedDateTime.ofLocal(wanted, zone, local.getOffset());
        return there.toLocalDateTime().equals(wanted) ? there.toEpochSecond() : null;
    }

    /** One bucket's counters and segments. */
    record Point(BucketCounts counts, Segments segments) {
    }

    /**
     * The observations of a bucket, by series name: {@code target} and its peers newest first (only those of weeks the
     * project had events in: before its first events there is no history).
     */
    static Map<String, Observation> of(Point target, List<Point> peers) {
        TreeSet<String> series = new TreeSet<>();
        List<Point> all = new ArrayList<>(peers);
        all.add(target);
        for (Point point : all) {
            point.counts().events().forEach((type, n) -> series.add(EVENTS + type));
            point.counts().objects().forEach((type, figures) -> {
                if (figures.getOrDefault(Figure.ACTIVE, 0L) != 0) {
                    series.add(ACTIVE + type);
                }
            });
        }
        Map<String, Observation> out = new TreeMap<>();
        for (String name : series) {
            Function<Point, Long> value;
            Function<Point, Map<String, Long>> segments;
            if (name.startsWith(EVENTS)) {
                String type = name.substring(EVENTS.length());
                value = p -> p.counts().events().getOrDefault(type, 0L);
                segments = p -> {
                    Map<String, Long> named = new TreeMap<>();
                    p.segments().objectTypes(type).forEach((objectType, n) -> named.put("objectType:" + objectType, n));
                    p.segments().metaValues(type).forEach((segment, n) -> named.put("meta:" + segment, n));
                    return named;
                };
            } else {
                String type = name.substring(ACTIVE.length());
                value = p -> p.counts().figure(type, Figure.ACTIVE);
                segments = p -> {
                    Map<String, Long> named = new TreeMap<>();
                    p.segments().eventTypes(type).forEach((eventType, n) ->
                            named.put("eventType:" + (eventType == null ? "(other)" : eventType), n));
                    return named;
                };
            }
            out.put(name, observation(target, peers, value, segments));
        }
        return out;
    }

    private static Observation observation(Point target, List<Point> peers, Function<Point, Long> value,
            Function<Point, Map<String, Long>> segments) {
        double actual = value.apply(target);
        double[] peerValues = peers.stream().mapToDouble(p -> value.apply(p)).toArray();
        Map<String, Long> targetSegments = segments.apply(target);
        List<Map<String, Long>> peerSegments = peers.stream().map(segments).toList();
        TreeSet<String> names = new TreeSet<>(targetSegments.keySet());
        peerSegments.forEach(m -> names.addAll(m.keySet()));
        List<SegmentObservation> out = new ArrayList<>();
        for (String name : names) {
            double segmentActual = targetSegments.getOrDefault(name, 0L);
            double[] segmentPeers = peerSegments.stream().mapToDouble(m -> m.getOrDefault(name, 0L)).toArray();
            // A segment that is the whole series (the only object type, a value every event holds) explains nothing.
            if (segmentActual == actual && java.util.Arrays.equals(segmentPeers, peerValues)) {
                continue;
            }
            out.add(new SegmentObservation(name, segmentActual, segmentPeers));
        }
        return new Observation(actual, peerValues, out);
    }
}
