package io.padic.api.objects;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.padic.api.cache.RedisGuard;
import io.padic.api.common.PadicConfig;
import io.padic.api.events.AfterWrite;
import io.padic.api.events.WrittenGroup;
import io.padic.api.journal.EventRecord;
import io.padic.api.journal.PinsRepaired;
import io.padic.api.journal.StoredObject;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The newest head of each object that reads and writes have seen, in Redis ({@code head:{<projectId>:<objectId>}}, a
 * hash of seq, type, createdAt and lastCreatedAt): what a read answers from while the store cannot be reached
 * (docs/design.md#store-outages). Reads note the head they read from the store, writes raise the seq of a head a read
 * noted; both in the background, so no request waits on Redis. Seqs only grow. A head is a hint for outages only:
 * while the store answers, reads take the head from the store.
 */
@ApplicationScoped
@Priority(250)
public class KnownHeads implements AfterWrite {

    /** Notes a read head: the whole record, unless a write already noted a newer seq. */
    private static final String NOTE_READ = """
            local seq = redis.call('HGET', KEYS[1], 'seq')
            if not seq or tonumber(seq) < tonumber(ARGV[1]) then
              redis.call('HSET', KEYS[1], 'seq', ARGV[1], 'type', ARGV[2], 'createdAt', ARGV[3], 'lastCreatedAt', ARGV[4])
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            return 1
            """;
    /** Raises the seq of a head a read noted (a write does not know the object's type and creation time). */
    private static final String NOTE_WRITTEN = """
            local seq = redis.call('HGET', KEYS[1], 'seq')
            if seq and tonumber(seq) < tonumber(ARGV[1]) then
              redis.call('HSET', KEYS[1], 'seq', ARGV[1], 'lastCreatedAt', ARGV[2])
            end
            return 1
            """;
    /** Heads this process noted lately: a read of an unchanged object notes nothing again. */
    private static final Duration NOTED_FOR = Duration.ofMinutes(1);
    private static final int NOTED_MAX = 100_000;

    private final ReactiveRedisDataSource background;
    private final RedisDataSource redis;
    private final RedisGuard guard;
    private final String ttlMillis;
    private final Cache<String, Long> noted =
            Caffeine.newBuilder().maximumSize(NOTED_MAX).expireAfterWrite(NOTED_FOR).build();

    public KnownHeads(ReactiveRedisDataSource background, RedisDataSource redis, RedisGuard guard,
            PadicConfig config) {
        this.background = background;
        this.redis = redis;
        this.guard = guard;
        this.ttlMillis = Long.toString(config.cache().ttl().toMillis());
    }

    static String key(String projectId, String objectId) {
        return "head:{" + projectId + ":" + objectId + "}";
    }

    /** Notes the head a read got from the store, unless this process noted it lately. */
    public void noteRead(String projectId, StoredObject object) {
        String key = key(projectId, object.id());
        Long before = noted.getIfPresent(key);
        if (before != null && before >= object.head()) {
            return;
        }
        noted.put(key, object.head());
        send(NOTE_READ, key, Long.toString(object.head()), object.type(),
                Long.toString(object.createdAt().toEpochMilli()), Long.toString(millis(object.lastCreatedAt())),
                ttlMillis);
    }

    /** Raises the noted heads of the objects the group's events landed on, each to its newest seq in the group. */
    @Override
    public void accept(WrittenGroup group) {
        raise(group.projectId(), group.events().stream().map(WrittenGroup.Written::event).toList());
    }

    /** The pins the repair sweep finished reach no after-write consumer: they raise the heads from here. */
    void repaired(@Observes PinsRepaired repaired) {
        raise(repaired.event().projectId(), List.of(repaired.event()));
    }

    private void raise(String projectId, List<EventRecord> events) {
        Map<String, EventRecord.Pin> newest = new HashMap<>();
        Map<String, Instant> createdAt = new HashMap<>();
        for (EventRecord event : events) {
            for (EventRecord.Pin pin : event.pins()) {
                EventRecord.Pin known = newest.get(pin.objectId());
                if (known == null || known.seq() < pin.seq()) {
                    newest.put(pin.objectId(), pin);
                    createdAt.put(pin.objectId(), event.createdAt());
                }
            }
        }
        newest.forEach((objectId, pin) -> send(NOTE_WRITTEN, key(projectId, objectId),
                Long.toString(pin.seq()), Long.toString(createdAt.get(objectId).toEpochMilli())));
    }

    /** The last head noted for the object, if any: asked only when the store cannot be reached. */
    public Optional<StoredObject> last(String projectId, String objectId) {
        return guard.call(() -> redis.execute("HMGET", key(projectId, objectId), "seq", "type", "createdAt",
                "lastCreatedAt")).flatMap(fields -> decode(objectId, fields));
    }

    private static Optional<StoredObject> decode(String objectId, Response fields) {
        if (fields == null || fields.size() < 4 || fields.get(0) == null || fields.get(1) == null
                || fields.get(2) == null) {
            return Optional.empty();
        }
        Response last = fields.get(3);
        return Optional.of(new StoredObject(objectId, fields.get(1).toString(),
                Instant.ofEpochMilli(fields.get(2).toLong()), fields.get(0).toLong(),
                last == null || last.toLong() < 0 ? null : Instant.ofEpochMilli(last.toLong())));
    }

    private void send(String script, String key, String... args) {
        if (guard.isDown()) {
            return;
        }
        String[] command = new String[args.length + 3];
        command[0] = script;
        command[1] = "1";
        command[2] = key;
        System.arraycopy(args, 0, command, 3, args.length);
        // In the background and best effort: a lost note only leaves an older head for an outage to answer from.
        background.execute("EVAL", command).subscribe().with(done -> { }, failed -> { });
    }

    private static long millis(Instant instant) {
        return instant == null ? -1 : instant.toEpochMilli();
    }
}
