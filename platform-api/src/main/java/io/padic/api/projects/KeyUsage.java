package io.padic.api.projects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.padic.api.common.ApiProblem;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.list.ReactiveListCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What each API key did lately, kept in Redis under computed keys (no scans): requests per hour for a day
 * ({@code keyuse:{<projectId>}:<keyId>:<hour>}), when it was last used ({@code keylast:{<projectId>}:<keyId>}) and
 * its last {@link #REFUSALS_KEPT} refused requests of the past hour ({@code keyrefused:{<projectId>}:<keyId>}).
 * Requests are counted in memory and written every 2 s, refusals as they happen; both without the request
 * waiting, so the data plane's store round trips and latency stay as they were. Lost when Redis is: this is a
 * view for people, not a bill.
 */
@ApplicationScoped
public class KeyUsage {

    static final int REFUSALS_KEPT = 50;
    static final Duration REFUSAL_WINDOW = Duration.ofHours(1);
    static final Duration COUNTER_LIFETIME = Duration.ofHours(25);
    static final Duration LAST_USED_LIFETIME = Duration.ofDays(90);
    static final int HOURS = 24;
    /** Refusals being written at most; beyond that (a flood) they are left out. */
    static final int MAX_WAITING = 1000;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    /** A flush's write waits this long at most; Redis answers within its own timeout (1 s) or fails. */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    /** A refused request as the key's owner sees it. */
    public record Refusal(Instant at, int status, String title, String type, String detail, String method,
            String path) {
    }

    /** A key's recent use; {@code lastUsedAt} is null when not used within {@link #LAST_USED_LIFETIME}. */
    public record Usage(Instant lastUsedAt, long requestsLast24h, int refusedLastHour) {
    }

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveListCommands<String, String> lists;
    private final ReactiveKeyCommands<String> keys;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicInteger waiting = new AtomicInteger();
    /** Uses counted since the last flush; a flush takes out what it writes, atomically per entry. */
    private final Map<Counter, Long> counts = new ConcurrentHashMap<>();
    private final Map<KeyRef, Long> lastUsed = new ConcurrentHashMap<>();

    private record KeyRef(String projectId, String keyId) {
    }

    private record Counter(KeyRef key, long hour) {
    }

    public KeyUsage(ReactiveRedisDataSource redis) {
        this.values = redis.value(String.class);
        this.lists = redis.list(String.class);
        this.keys = redis.key(String.class);
    }

    static String counterKey(String projectId, String keyId, long hour) {
        return "keyuse:{" + projectId + "}:" + keyId + ":" + hour;
    }

    static String lastUsedKey(String projectId, String keyId) {
        return "keylast:{" + projectId + "}:" + keyId;
    }

    static String refusalsKey(String projectId, String keyId) {
        return "keyrefused:{" + projectId + "}:" + keyId;
    }

    /** Counts a request made with the key (answered or refused); written with the next flush. */
    public void used(String projectId, String keyId, Instant at) {
        KeyRef key = new KeyRef(projectId, keyId);
        counts.merge(new Counter(key, hourOf(at)), 1L, Long::sum);
        lastUsed.merge(key, at.toEpochMilli(), Math::max);
    }

    /** Keeps a refused request in the key's list of the past hour, in the background. */
    public void refused(String projectId, String keyId, Refusal refusal) {
        if (waiting.incrementAndGet() > MAX_WAITING) {
            waiting.decrementAndGet();
            return;
        }
        String list = refusalsKey(projectId, keyId);
        String entry;
        try {
            entry = JSON.writeValueAsString(refusal);
        } catch (JsonProcessingException e) {
            waiting.decrementAndGet();
            throw new IllegalStateException(e);
        }
        try {
            lists.lpush(list, entry)
                    .chain(() -> lists.ltrim(list, 0, REFUSALS_KEPT - 1))
                    .chain(() -> keys.pexpire(list, REFUSAL_WINDOW))
                    .subscribe().with(ok -> written(), this::failed);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Scheduled(every = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flush() {
        if (counts.isEmpty() && lastUsed.isEmpty()) {
            return;
        }
        // Takes out what it writes, each entry in one atomic step: a use counted meanwhile stays for the next flush
        // (swapping the maps lost the uses counted into the old one after it was read).
        Map<Counter, Long> counted = Map.copyOf(counts);
        counted.forEach((counter, n) -> counts.computeIfPresent(counter, (c, now) -> now - n == 0 ? null : now - n));
        Map<KeyRef, Long> used = Map.copyOf(lastUsed);
        used.forEach((key, millis) -> lastUsed.remove(key, millis)); // kept if a later use moved it
        // One command at a time, waited for on the scheduler's thread: the flush of many keys as parallel commands
        // overflowed the Redis client's wait queue (24) beside the cache's own traffic, and the failed writes lost
        // the keys' use; and the next flush starts only once this one is written.
        List<Supplier<Uni<?>>> writes = new ArrayList<>();
        counted.forEach((counter, n) -> {
            String key = counterKey(counter.key().projectId(), counter.key().keyId(), counter.hour());
            writes.add(() -> values.incrby(key, n).chain(() -> keys.expire(key, COUNTER_LIFETIME)));
        });
        used.forEach((key, millis) -> writes.add(() -> values.set(lastUsedKey(key.projectId(), key.keyId()),
                Long.toString(millis), new SetArgs().px(LAST_USED_LIFETIME))));
        for (Supplier<Uni<?>> write : writes) {
            try {
                write.get().await().atMost(WRITE_TIMEOUT);
                failing.set(false);
            } catch (RuntimeException e) {
                failedFlush(e);
            }
        }
    }

    /**
     * The keys' use: one MGET for their counters and last uses, one LRANGE per key for its refusals. Null when
     * Redis does not answer: the keys are listed all the same.
     */
    public Map<String, Usage> of(String projectId, List<String> keyIds) {
        if (keyIds.isEmpty()) {
            return Map.of();
        }
        long hour = hourOf(Instant.now());
        List<String> names = new ArrayList<>(keyIds.size() * (HOURS + 1));
        for (String keyId : keyIds) {
            names.add(lastUsedKey(projectId, keyId));
            for (int h = 0; h < HOURS; h++) {
                names.add(counterKey(projectId, keyId, hour - h));
            }
        }
        try {
            Map<String, String> found = values.mget(names.toArray(String[]::new)).await().atMost(READ_TIMEOUT);
            Map<String, Usage> usage = new ConcurrentHashMap<>();
            for (String keyId : keyIds) {
                String last = found.get(lastUsedKey(projectId, keyId));
                long requests = 0;
                for (int h = 0; h < HOURS; h++) {
                    String count = found.get(counterKey(projectId, keyId, hour - h));
                    requests += count == null ? 0 : Long.parseLong(count);
                }
                usage.put(keyId, new Usage(last == null ? null : Instant.ofEpochMilli(Long.parseLong(last)),
                        requests, refusals(projectId, keyId).size()));
            }
            return usage;
        } catch (RuntimeException e) {
            Log.debugf(e, "Reading the key usage of %s failed", projectId);
            return null;
        }
    }

    /** The key's refused requests of the past hour, newest first. */
    public List<Refusal> refusals(String projectId, String keyId) {
        List<String> entries;
        try {
            entries = lists.lrange(refusalsKey(projectId, keyId), 0, REFUSALS_KEPT - 1).await().atMost(READ_TIMEOUT);
        } catch (RuntimeException e) {
            Log.debugf(e, "Reading the refusals of %s failed", keyId);
            throw new ApiProblem(503, "usage-unavailable", "Key usage is unavailable",
                    "The cache (Redis) that keeps the refused requests does not answer; try again when it is back.");
        }
        Instant since = Instant.now().minus(REFUSAL_WINDOW);
        List<Refusal> refusals = new ArrayList<>(entries.size());
        for (String entry : entries) {
            try {
                Refusal refusal = JSON.readValue(entry, Refusal.class);
                if (refusal.at().isAfter(since)) {
                    refusals.add(refusal);
                }
            } catch (JsonProcessingException e) {
                Log.debugf(e, "Skipping an unreadable refusal of %s", keyId);
            }
        }
        return refusals;
    }

    private static long hourOf(Instant at) {
        return at.truncatedTo(ChronoUnit.HOURS).getEpochSecond() / 3600;
    }

    private void written() {
        waiting.decrementAndGet();
        failing.set(false);
    }

    private void failed(Throwable e) {
        waiting.decrementAndGet();
        failedFlush(e);
    }

    /** Logged once per outage. */
    private void failedFlush(Throwable e) {
        if (failing.compareAndSet(false, true)) {
            Log.warnf("API key usage cannot be recorded: %s", e.toString());
        }
    }
}
