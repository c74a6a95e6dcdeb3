package io.padic.api.analytics;

import java.util.HashMap;
import java.util.Map;

/**
 * Changes to counters: per bucket, the amount to add to each counter field (a dotted path of the counter
 * document, see {@link CounterDocument}). Zero changes are dropped, so an empty result means nothing to write.
 */
final class Deltas {

    /** One bucket of one interval. */
    record Bucket(Interval interval, long start) {
    }

    private final Map<Bucket, Map<String, Long>> changes = new HashMap<>();

    void add(Bucket bucket, String field, long amount) {
        if (amount == 0) {
            return;
        }
        Map<String, Long> fields = changes.computeIfAbsent(bucket, b -> new HashMap<>());
        long sum = fields.getOrDefault(field, 0L) + amount;
        if (sum == 0) {
            fields.remove(field);
            if (fields.isEmpty()) {
                changes.remove(bucket);
            }
        } else {
            fields.put(field, sum);
        }
    }

    void addAll(Deltas other) {
        other.changes.forEach((bucket, fields) -> fields.forEach((field, n) -> add(bucket, field, n)));
    }

    Deltas negated() {
        Deltas out = new Deltas();
        changes.forEach((bucket, fields) -> fields.forEach((field, n) -> out.add(bucket, field, -n)));
        return out;
    }

    Map<Bucket, Map<String, Long>> byBucket() {
        return changes;
    }
}
