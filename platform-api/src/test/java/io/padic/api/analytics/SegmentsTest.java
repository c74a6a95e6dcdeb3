package io.padic.api.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The pure parts of anomaly checks (docs/design.md#analytics): peers are the same local hour of the week across DST
 * changes, and the caps of segment counters keep the same values whatever order the events are counted in.
 */
class SegmentsTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private static long at(String local) {
        return ZonedDateTime.ofLocal(java.time.LocalDateTime.parse(local), LONDON, null).toEpochSecond();
    }

    @Test
    void peersAreTheSameLocalHourOfTheWeekAcrossDstChanges() {
        // Monday 2 November 2026 14:00 GMT; four weeks before is Monday 5 October 14:00 BST, 13:00 UTC.
        long monday = at("2026-11-02T14:00");
        assertEquals(Instant.parse("2026-10-05T13:00:00Z").getEpochSecond(),
                SeriesObservations.sameBucket(Interval.HOUR, monday, LONDON, -4));
        assertEquals(Instant.parse("2026-10-26T14:00:00Z").getEpochSecond(),
                SeriesObservations.sameBucket(Interval.HOUR, monday, LONDON, -1));
        // Days: the 25-hour Sunday of the autumn change is the peer of the next Sunday's day bucket.
        assertEquals(at("2026-10-25T00:00"), SeriesObservations.sameBucket(Interval.DAY, at("2026-11-01T00:00"), LONDON, -1));
        // Sunday 29 March 2026 has no 01:00 in London: that week is no peer of the next Sunday's 01:00.
        assertNull(SeriesObservations.sameBucket(Interval.HOUR, at("2026-04-05T01:00"), LONDON, -1));
        assertEquals(at("2026-03-22T01:00"), SeriesObservations.sameBucket(Interval.HOUR, at("2026-04-05T01:00"), LONDON, -2));
        // Forward, for the weeks whose peers a late event changed.
        assertEquals(monday, SeriesObservations.sameBucket(Interval.HOUR, at("2026-10-05T14:00"), LONDON, 4));
    }

    @Test
    void cappedCountersAreTheSameWhateverTheOrderTheyAreCountedIn() {
        Random random = new Random(15);
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            // 30 keys of one type with up to 40 values each: more than the caps keep.
            fields.add(SegmentDocument.metaValue("checkout", "k" + random.nextInt(30), "\"v" + random.nextInt(40) + "\""));
        }
        Map<String, Map<String, Map<String, Long>>> once = SegmentDocument.cap(SegmentDocument.META, tree(fields));
        for (int trial = 0; trial < 5; trial++) {
            Collections.shuffle(fields, random);
            Map<String, Map<String, Map<String, Long>>> stepwise = new HashMap<>();
            for (int from = 0; from < fields.size(); from += 97) {
                Map<String, Map<String, Map<String, Long>>> merged = tree(fields.subList(from, Math.min(fields.size(), from + 97)));
                stepwise.forEach((type, keys) -> keys.forEach((key, values) -> values.forEach((value, n) ->
                        merged.computeIfAbsent(type, t -> new HashMap<>()).computeIfAbsent(key, k -> new HashMap<>())
                                .merge(value, n, Long::sum))));
                stepwise = SegmentDocument.cap(SegmentDocument.META, merged);
            }
            assertEquals(once, stepwise);
        }
        Map<String, Map<String, Long>> keys = once.get("checkout");
        assertEquals(SegmentDocument.MAX_KEYS, keys.size());
        for (Map<String, Long> values : keys.values()) {
            assertEquals(SegmentDocument.MAX_VALUES + 1, values.size()); // the kept values and the rest
            assertTrue(values.containsKey(SegmentDocument.OTHER));
        }
    }

    @Test
    void segmentsAreShortStringsBooleansAndIntegersAtTheTopLevel() {
        String metaData = "{\"country\":\"FR\",\"paid\":true,\"items\":3,\"price\":9.5,\"note\":\"" + "x".repeat(65)
                + "\",\"a.b\":\"x\",\"bad\\u0000key\":\"y\",\"address\":{\"city\":\"Lyon\"},\"tags\":[\"a\",1]}";
        SegmentDocument.Scan scan = SegmentDocument.scan(metaData);
        assertEquals(Map.of("country", "\"FR\"", "paid", "true", "items", "3", "a.b", "\"x\""), scan.scalars());
        assertEquals(Map.of("country", inference("string"), "paid", inference("boolean"), "items", inference("integer"),
                "price", inference("number"), "note", inference("string"), "a.b", inference("string"),
                "address", inference("object"), "address.city", inference("string"), "tags", inference("array"),
                "tags[]", inference("string")), scan.paths());
    }

    private static io.padic.api.inference.JsonKind inference(String wire) {
        return io.padic.api.inference.JsonKind.valueOf(wire.toUpperCase(java.util.Locale.ROOT));
    }

    private static Map<String, Map<String, Map<String, Long>>> tree(List<String> fields) {
        Map<String, Map<String, Map<String, Long>>> out = new HashMap<>();
        for (String field : fields) {
            String[] parts = field.split("\\.");
            out.computeIfAbsent(parts[1], t -> new HashMap<>()).computeIfAbsent(parts[2], k -> new HashMap<>())
                    .merge(parts[3], 1L, Long::sum);
        }
        return out;
    }
}
