package io.padic.api.analytics;

import io.padic.api.analytics.AnomalyFlags.Flag;
import io.padic.api.analytics.CounterDocument.BucketCounts;
import io.padic.api.analytics.Deltas.Bucket;
import io.padic.api.analytics.SegmentDocument.Segments;
import io.padic.api.analytics.SeriesObservations.Point;
import io.padic.api.analytics.anomalies.AnomalyDetector;
import io.padic.api.analytics.anomalies.AnomalySettings;
import io.padic.api.analytics.anomalies.Observation;
import io.padic.api.analytics.anomalies.Verdict;
import io.padic.api.common.PadicConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Checks each project's hourly and daily series for anomalies as their buckets close (docs/design.md#analytics): every
 * {@code padic.analytics.anomalies.check-every}, the buckets that closed at least {@code settle} ago and were not
 * checked yet, and the closed buckets flushes changed since (late events), once settled, with the same buckets of the
 * following weeks, whose peers they are; within the last {@link #WEEKS} weeks. One process checks a project at a time
 * (a claim in {@link CheckStates}); flags have computed ids ({@link AnomalyFlags}), so a race cannot double them.
 */
@ApplicationScoped
public class AnomalyChecks {

    /** How many weeks back buckets are checked, and the most peers of a bucket. */
    static final int WEEKS = 8;
    /** How long a claim holds if its process dies; far longer than a check. */
    private static final Duration CLAIM = Duration.ofMinutes(5);
    /** Buckets checked per read: a week of hours. */
    private static final int CHUNK = 168;

    private final AnalyticsScopes scopes;
    private final CheckStates states;
    private final CounterRepository counters;
    private final SegmentRepository segments;
    private final AnomalyFlags flags;
    private final AnalyticsFlusher flusher;
    private final AnomalyDetector detector = new AnomalyDetector(AnomalySettings.defaults());
    private final Duration settle;

    public AnomalyChecks(AnalyticsScopes scopes, CheckStates states, CounterRepository counters,
            SegmentRepository segments, AnomalyFlags flags, AnalyticsFlusher flusher, PadicConfig config) {
        this.scopes = scopes;
        this.states = states;
        this.counters = counters;
        this.segments = segments;
        this.flags = flags;
        this.flusher = flusher;
        this.settle = config.analytics().anomalies().settle();
    }

    @Scheduled(every = "${padic.analytics.anomalies.check-every}", delayed = "${padic.analytics.anomalies.check-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (flusher.enabled()) {
            checkNow();
        }
    }

    /** Checks every project whose rollups are built (its checks a process of its own holds are left to it). */
    public void checkNow() {
        checkAt(Instant.now());
    }

    /** {@link #checkNow} as if the clock read {@code now} (tests: what is due when a bucket closes). */
    public void checkAt(Instant now) {
        for (AnalyticsScope scope : scopes.all()) {
            if (scope.building()) {
                continue; // figures still grow; the built generation is checked from scratch
            }
            try {
                check(scope, now);
            } catch (RuntimeException e) {
                Log.warnf(e, "Checking the anomalies of project %s failed; it is checked again later", scope.projectId());
            }
        }
    }

    private void check(AnalyticsScope scope, Instant now) {
        Optional<CheckStates.State> seen = states.read(scope.key());
        if (seen.isPresent() && !due(seen.get(), scope.zone(), now)) {
            return; // most runs: the next bucket has not closed yet; one read, no write
        }
        String processId = flusher.processId();
        Optional<CheckStates.State> claimed = states.claim(scope.key(), processId, now, now.plus(CLAIM));
        if (claimed.isEmpty()) {
            return;
        }
        CheckStates.State state = claimed.get();
        ZoneId zone = scope.zone();
        long settled = now.minus(settle).getEpochSecond();
        long earliest = now.minus(Duration.ofDays(7L * WEEKS)).getEpochSecond();
        Map<Interval, TreeSet<Long>> targets = new EnumMap<>(Interval.class);
        Map<Interval, Long> next = new EnumMap<>(Interval.class);
        for (Interval interval : ObjectActivity.SEGMENT_INTERVALS) {
            TreeSet<Long> due = new TreeSet<>();
            long first = interval.start(Instant.ofEpochSecond(earliest), zone);
            long start = Math.max(first, state.next().getOrDefault(interval, first));
            for (; interval.next(start, zone) <= settled; start = interval.next(start, zone)) {
                due.add(start);
            }
            targets.put(interval, due);
            next.put(interval, start);
        }
        Map<Bucket, Long> done = new HashMap<>();
        long settledMillis = now.minus(settle).toEpochMilli();
        state.dirty().forEach((bucket, at) -> {
            if (at > settledMillis) {
                return; // still changing: checked once settled
            }
            done.put(bucket, at);
            for (int weeks = 0; weeks <= WEEKS; weeks++) {
                Long start = SeriesObservations.sameBucket(bucket.interval(), bucket.start(), zone, weeks);
                if (start != null && start >= earliest && start < next.get(bucket.interval())) {
                    targets.get(bucket.interval()).add(start);
                }
            }
        });
        int flagged = 0;
        Points points = new Points(scope.key());
        for (Interval interval : ObjectActivity.SEGMENT_INTERVALS) {
            List<Long> due = new ArrayList<>(targets.get(interval));
            for (int from = 0; from < due.size(); from += CHUNK) {
                flagged += check(scope, interval, due.subList(from, Math.min(due.size(), from + CHUNK)), now, points);
            }
        }
        if (states.finish(scope.key(), processId, state, next, done) && flagged > 0) {
            Log.debugf("Anomalies of project %s: %d flag(s) in %d checked bucket(s)", scope.projectId(), flagged,
                    targets.values().stream().mapToInt(Set::size).sum());
        }
    }

    /** Whether a bucket closed and settled since the last check, or one changed by late events settled. */
    private boolean due(CheckStates.State state, ZoneId zone, Instant now) {
        long settled = now.minus(settle).getEpochSecond();
        long earliest = now.minus(Duration.ofDays(7L * WEEKS)).getEpochSecond();
        for (Interval interval : ObjectActivity.SEGMENT_INTERVALS) {
            long first = interval.start(Instant.ofEpochSecond(earliest), zone);
            long start = Math.max(first, state.next().getOrDefault(interval, first));
            if (interval.next(start, zone) <= settled) {
                return true;
            }
        }
        long settledMillis = now.minus(settle).toEpochMilli();
        return state.dirty().values().stream().anyMatch(at -> at <= settledMillis);
    }

    /**
     * Checks these buckets of one interval (in ascending order, after the chunks before them) and replaces their
     * verdicts; returns how many flags they hold.
     */
    private int check(AnalyticsScope scope, Interval interval, List<Long> due, Instant now, Points points) {
        ZoneId zone = scope.zone();
        Map<Long, List<Long>> peersOf = new HashMap<>();
        Set<Long> starts = new HashSet<>(due);
        Set<Long> days = new HashSet<>();
        for (long start : due) {
            List<Long> peers = new ArrayList<>();
            for (int weeks = 1; weeks <= WEEKS; weeks++) {
                Long peer = SeriesObservations.sameBucket(interval, start, zone, -weeks);
                if (peer != null) {
                    peers.add(peer);
                    days.add(Interval.DAY.start(Instant.ofEpochSecond(peer), zone));
                }
            }
            peersOf.put(start, peers);
            starts.addAll(peers);
        }
        String key = scope.key();
        Map<Long, BucketCounts> counts = points.counts(interval, starts);
        Map<Long, Segments> segs = points.segments(interval, starts);
        // A week the project had no events in on that day is before its history, not a week of zeros.
        Set<Long> daysWithEvents = interval == Interval.DAY ? counts.keySet() : points.counts(Interval.DAY, days).keySet();
        List<Flag> raised = new ArrayList<>();
        List<Bucket> checked = new ArrayList<>();
        Instant flaggedAt = now.truncatedTo(ChronoUnit.MILLIS);
        for (long start : due) {
            checked.add(new Bucket(interval, start));
            List<Point> peers = new ArrayList<>();
            for (long peer : peersOf.get(start)) {
                if (daysWithEvents.contains(Interval.DAY.start(Instant.ofEpochSecond(peer), zone))) {
                    peers.add(point(counts, segs, peer));
                }
            }
            Map<String, Observation> observations = SeriesObservations.of(point(counts, segs, start), peers);
            long end = interval.next(start, zone);
            observations.forEach((series, observation) -> detector.check(observation).ifPresent((Verdict v) ->
                    raised.add(new Flag(series, interval, start, end, v.expected(), v.actual(), v.score(),
                            v.explanation(), flaggedAt))));
        }
        flags.replace(key, zone, checked, raised);
        return raised.size();
    }

    /**
     * The counters and segments one check has read, so that each bucket is read from the store once per check: a
     * week's buckets are peers of the 8 weeks after it, so reading each chunk's peers afresh read every bucket up to 9
     * times (the catch-up after a history arrives checks 8 weeks of hours). Chunks come in ascending order, so buckets
     * before a chunk's earliest peer are dropped: at most 9 weeks of buckets are held.
     */
    private final class Points {
        private final String scope;
        private final Map<Interval, ReadOnce<BucketCounts>> countsRead = new EnumMap<>(Interval.class);
        private final Map<Interval, ReadOnce<Segments>> segmentsRead = new EnumMap<>(Interval.class);

        Points(String scope) {
            this.scope = scope;
        }

        /** The counters of these buckets that have any; reads only those this check has not read yet. */
        Map<Long, BucketCounts> counts(Interval interval, Set<Long> starts) {
            return countsRead.computeIfAbsent(interval,
                    i -> new ReadOnce<>(missing -> counters.counts(scope, i, missing))).get(starts);
        }

        /** The segments of these buckets that have any; reads only those this check has not read yet. */
        Map<Long, Segments> segments(Interval interval, Set<Long> starts) {
            return segmentsRead.computeIfAbsent(interval,
                    i -> new ReadOnce<>(missing -> segments.segments(scope, i, missing))).get(starts);
        }
    }

    /** One interval's buckets of one kind, each read from the store once, found or not (an empty bucket has none). */
    private static final class ReadOnce<T> {
        private final Function<List<Long>, Map<Long, T>> reader;
        private final TreeSet<Long> read = new TreeSet<>();
        private final Map<Long, T> known = new HashMap<>();

        ReadOnce(Function<List<Long>, Map<Long, T>> reader) {
            this.reader = reader;
        }

        /** Forgets what lies before the earliest of {@code starts}, reads those not read yet and answers all known. */
        Map<Long, T> get(Set<Long> starts) {
            if (!starts.isEmpty()) {
                long earliest = starts.stream().min(Long::compare).orElseThrow();
                read.headSet(earliest).clear();
                known.keySet().removeIf(start -> start < earliest);
            }
            List<Long> missing = new ArrayList<>();
            for (long start : starts) {
                if (read.add(start)) {
                    missing.add(start);
                }
            }
            if (!missing.isEmpty()) {
                known.putAll(reader.apply(missing));
            }
            return known;
        }
    }

    private static Point point(Map<Long, BucketCounts> counts, Map<Long, Segments> segs, long start) {
        return new Point(counts.getOrDefault(start, BucketCounts.EMPTY), segs.getOrDefault(start, Segments.EMPTY));
    }
}
