package io.padic.api.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.padic.api.common.PadicConfig;
import io.padic.api.fold.KnownState;
import io.padic.api.fold.StateLine;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Computed states in Redis (docs/design.md#cache-and-snapshots): {@code
 * obj:{<projectId>:<objectId>}:<level>:<reducerVersion>:<seq>} holds the state at that seq, and a sorted set {@code
 * ...:<reducerVersion>:seqs} of the line's cached seqs lets a miss start from the newest cached state below its target.
 * The braces keep an object's keys in one Redis Cluster slot. Every call goes through {@link RedisGuard}: with Redis
 * down this cache is empty.
 *
 * <p>In front of Redis, each process keeps the states it served most recently ({@code padic.cache.local-max-bytes}).
 * A key names an immutable value (the fold of seqs 1..n under one reducerVersion and level), so a kept copy
 * is never stale; a repeated read costs no round trip to Redis.
 */
@ApplicationScoped
public class ObjectCache {

    /** Stores a state and indexes its seq in one round trip; the index keeps only its newest seqs. */
    private static final String PUT = """
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
            redis.call('ZADD', KEYS[2], ARGV[2], ARGV[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[3])
            local extra = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
            if extra > 0 then redis.call('ZREMRANGEBYRANK', KEYS[2], 0, extra - 1) end
            return 1
            """;
    /** How many cached seqs a line remembers, and how many candidates a miss looks at. */
    private static final int INDEX_SIZE = 32;
    private static final int CANDIDATES = 3;

    private final RedisDataSource redis;
    private final ValueCommands<String, String> values;
    private final RedisGuard guard;
    private final String ttlMillis;
    private final Cache<String, KnownState> local;

    public ObjectCache(RedisDataSource redis, RedisGuard guard, PadicConfig config) {
        this.redis = redis;
        // Two bytes a char, plus the key and the entry.
        this.local = Caffeine.newBuilder().maximumWeight(config.cache().localMaxBytes())
                .<String, KnownState>weigher((key, state) -> 2 * (key.length() + state.state().length()) + 96)
                .build();
        this.values = redis.value(String.class, String.class);
        this.guard = guard;
        this.ttlMillis = Long.toString(config.cache().ttl().toMillis());
    }

    public static String key(StateLine line, long seq) {
        return prefix(line) + seq;
    }

    public static String indexKey(StateLine line) {
        return prefix(line) + "seqs";
    }

    private static String prefix(StateLine line) {
        return "obj:{" + line.projectId() + ":" + line.objectId() + "}:" + line.accessLevel() + ":"
                + line.reducerVersion() + ":";
    }

    /** This process's own copy of the state, if it served it lately. */
    public Optional<KnownState> kept(StateLine line, long seq) {
        return Optional.ofNullable(local.getIfPresent(key(line, seq)));
    }

    public Optional<KnownState> get(StateLine line, long seq) {
        Optional<KnownState> found = guard.call(() -> values.get(key(line, seq))).map(value -> decode(seq, value));
        found.ifPresent(state -> local.put(key(line, seq), state));
        return found;
    }

    /** Forgets this process's copies (Redis is emptied with FLUSHALL); for tests that measure a cold read. */
    public void forgetKept() {
        local.invalidateAll();
    }

    /** The newest cached state of the line at or below {@code maxSeq}. */
    public Optional<KnownState> newestAtOrBelow(StateLine line, long maxSeq) {
        return guard.call(() -> {
            Response seqs = redis.execute("ZREVRANGEBYSCORE", indexKey(line), Long.toString(maxSeq), "-inf",
                    "LIMIT", "0", Integer.toString(CANDIDATES));
            if (seqs == null || seqs.size() == 0) {
                return null;
            }
            List<String> keys = new ArrayList<>(seqs.size());
            for (Response seq : seqs) {
                keys.add(key(line, Long.parseLong(seq.toString())));
            }
            // Index entries can outlive their states (each expires on its own): take the newest still there.
            Map<String, String> found = values.mget(keys.toArray(String[]::new));
            for (Response seq : seqs) {
                long candidate = Long.parseLong(seq.toString());
                String value = found.get(key(line, candidate));
                if (value != null) {
                    return decode(candidate, value);
                }
            }
            return null;
        });
    }

    public void put(StateLine line, KnownState state) {
        local.put(key(line, state.seq()), state);
        guard.run(() -> redis.execute("EVAL", PUT, "2", key(line, state.seq()), indexKey(line),
                encode(state), Long.toString(state.seq()), ttlMillis, Integer.toString(INDEX_SIZE)));
    }

    /** {@code <updatedAt epoch millis> <state JSON>}: the state is kept as the text it was served as. */
    private static String encode(KnownState state) {
        return state.updatedAt().toEpochMilli() + " " + state.state();
    }

    private static KnownState decode(long seq, String value) {
        int space = value.indexOf(' ');
        return new KnownState(seq, Instant.ofEpochMilli(Long.parseLong(value.substring(0, space))),
                value.substring(space + 1));
    }
}
