package io.padic.api.it;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/** Named counts that several threads add to, listed by name. */
final class Tally {

    private final Map<String, LongAdder> counts = new ConcurrentSkipListMap<>();

    void add(String name) {
        add(name, 1);
    }

    void add(String name, long n) {
        counts.computeIfAbsent(name, k -> new LongAdder()).add(n);
    }

    long get(String name) {
        LongAdder count = counts.get(name);
        return count == null ? 0 : count.sum();
    }

    /** One {@code name: count} line each, indented by {@code indent}. */
    String lines(String indent) {
        return counts.entrySet().stream().map(e -> indent + e.getKey() + ": " + e.getValue().sum())
                .collect(Collectors.joining("\n"));
    }
}
