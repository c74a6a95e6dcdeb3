package io.padic.api.objects;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.padic.api.cache.EventLoopRedis;
import io.padic.api.cache.RedisGuard;
import io.padic.api.common.PadicConfig;
import io.padic.api.journal.HeadsListener;
import io.padic.api.journal.HeadsRaised;
import io.padic.api.journal.StoredObject;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The newest head of each object that reads and writes have seen, in Redis ({@code head:{<projectId>:<objectId>}}, a
 * hash of seq, type, createdAt, lastCreatedAt and epoch). A warm read takes the head from its note instead of the store
 * when {@link HeadFence} trusts the notes and the note carries the current epoch
 * (docs/design.md#warm-reads-without-the-store):
 * every write raises the notes of the heads it raised before it is acknowledged, and one that cannot owes a fence.
 * Reads note the head they read from the store, in the background. Seqs only grow. While the store cannot be reached,
 * reads answer from the last note whatever its epoch (docs/design.md#store-outages).
 */
@ApplicationScoped
public class KnownHeads implements HeadsListener {

    /**
     * Notes a head read from the store: the object's type and creation, the seq unless a write noted a newer one, and
     * the epoch the reader's view had before it read the store, unless the note has a newer one.
     */
    private static final String NOTE_READ = """
            local seq = tonumber(redis.call('HGET', KEYS[1], 'seq') or '-1')
            if seq < tonumber(ARGV[1]) then
              redis.call('HSET', KEYS[1], 'seq', ARGV[1], 'lastCreatedAt', ARGV[4])
            end
            redis.call('HSET', KEYS[1], 'type', ARGV[2], 'createdAt', ARGV[3])
            local epoch = tonumber(redis.call('HGET', KEYS[1], 'epoch') or '-1')
            if epoch < tonumber(ARGV[6]) then
              redis.call('HSET', KEYS[1], 'epoch', ARGV[6])
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            return 1
            """;
    /**
     * Raises the noted seq to a written one, making the note if there is none (it then lacks the type and epoch a read
     * needs, but a read that noted an older seq after this cannot lower it). Such a note lives {@link #WRITTEN_FOR}.
     */
    private static final String NOTE_WRITTEN = """
            local seq = tonumber(redis.call('HGET', KEYS[1], 'seq') or '-1')
            if seq < tonumber(ARGV[1]) then
              redis.call('HSET', KEYS[1], 'seq', ARGV[1], 'lastCreatedAt', ARGV[2])
            end
            if redis.call('PTTL', KEYS[1]) < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[3])
            end
            return 1
            """;
    /** Heads this process noted lately: a read of an unchanged object notes nothing again. */
    private static final Duration NOTED_FOR = Duration.ofMinutes(1);
    private static final int NOTED_MAX = 100_000;
    /**
     * How long a note that only a write made lives: far longer than a read takes from its store read to its note
     * (bounded by the Redis timeout), so a late note of an older seq cannot make a note without the written seq.
     */
    static final Duration WRITTEN_FOR = Duration.ofMinutes(10);

    private record Noted(long head, long epoch) {
    }

    private final ReactiveRedisDataSource background;
    private final RedisDataSource redis;
    private final Redis bare;
    private final Vertx vertx;
    private final EventLoopRedis loops;
    private final RedisGuard guard;
    private final HeadFence fence;
    private final String ttlMillis;
    /** The blocking client's timeout, which a reactive call does not get by itself. */
    private final Duration timeout;
    private final String writtenForMillis = Long.toString(WRITTEN_FOR.toMillis());
    private final Cache<String, Noted> noted =
            Caffeine.newBuilder().maximumSize(NOTED_MAX).expireAfterWrite(NOTED_FOR).build();

    public KnownHeads(ReactiveRedisDataSource background, RedisDataSource redis, Redis bare, EventLoopRedis loops,
            Vertx vertx, RedisGuard guard, HeadFence fence, PadicConfig config,
            @ConfigProperty(name = "quarkus.redis.timeout") Duration timeout) {
        this.bare = bare;
        this.loops = loops;
        this.vertx = vertx;
        this.timeout = timeout;
        this.background = background;
        this.redis = redis;
        this.guard = guard;
        this.fence = fence;
        this.ttlMillis = Long.toString(config.cache().ttl().toMillis());
    }

    static String key(String projectId, String objectId) {
        return "head:{" + projectId + ":" + objectId + "}";
    }

    /** The object's head from its note, when the notes are trusted and this one is of the current epoch. */
    public Optional<StoredObject> trusted(String projectId, String objectId) {
        OptionalLong epoch = fence.trustedEpoch();
        if (epoch.isEmpty()) {
            return Optional.empty();
        }
        String key = key(projectId, objectId);
        return ofEpoch(key, objectId, note(key).map(Response::getDelegate).orElse(null), epoch.getAsLong());
    }

    /**
     * {@link #trusted} without blocking, for reads answered on the event loop. Empty as well when the call fails; the
     * guard notes the failure and the read goes the blocking way, to the store.
     */
    public Future<Optional<StoredObject>> trustedWithoutWaiting(String projectId, String objectId) {
        OptionalLong epoch = fence.trustedEpoch();
        if (epoch.isEmpty() || guard.skips()) {
            return Future.succeededFuture(Optional.empty());
        }
        String key = key(projectId, objectId);
        Promise<Optional<StoredObject>> answer = Promise.promise();
        // The bare client and a timer of this event loop: Mutiny's timeout and context propagation cost more than
        // the rest of a warm read.
        long timer = vertx.setTimer(timeout.toMillis(),
                late -> answer.tryFail(new TimeoutException("Redis did not answer within " + timeout)));
        loops.send(noteRequest(key)).onComplete(reply -> {
            vertx.cancelTimer(timer);
            if (reply.succeeded()) {
                answer.tryComplete(ofEpoch(key, objectId, reply.result(), epoch.getAsLong()));
            } else {
                answer.tryFail(reply.cause());
            }
        });
        return answer.future().recover(failure -> {
            guard.failed(failure); // as a blocking call's failure: the fence goes up (HeadFence#poll)
            return Future.succeededFuture(Optional.empty());
        });
    }

    private Optional<StoredObject> ofEpoch(String key, String objectId, io.vertx.redis.client.Response fields,
            long epoch) {
        Optional<StoredObject> head = Optional.ofNullable(fields).filter(f -> f.size() == NOTE_FIELDS)
                .filter(f -> f.get(4) != null && f.get(4).toLong() == epoch)
                .flatMap(f -> decode(objectId, f));
        if (head.isEmpty()) {
            noted.invalidate(key); // gone (flushed, expired) or of an older epoch: the store read that follows notes it
        }
        return head;
    }

    /** The epoch to note the head with that a store read starting now finds (see {@link #noteRead}). */
    public OptionalLong epochBeforeStoreRead() {
        return fence.epochToNote();
    }

    /**
     * Notes the head a read got from the store, with the epoch taken before that read, unless this process noted it
     * lately. In the background: a lost note only costs a later read the store.
     */
    public void noteRead(String projectId, StoredObject object, OptionalLong epoch) {
        String key = key(projectId, object.id());
        long noteEpoch = epoch.orElse(-1);
        Noted before = noted.getIfPresent(key);
        if (before != null && before.head() >= object.head() && before.epoch() >= noteEpoch) {
            return;
        }
        noted.put(key, new Noted(object.head(), noteEpoch));
        send(NOTE_READ, key, Long.toString(object.head()), object.type(),
                Long.toString(object.createdAt().toEpochMilli()), Long.toString(millis(object.lastCreatedAt())),
                ttlMillis, Long.toString(noteEpoch));
    }

    /**
     * Raises the notes of the heads a write raised, each to its newest seq, before the write is acknowledged; if Redis
     * does not take one, returns only once no process trusts a note ({@link HeadFence#owe}). The notes are sent all at
     * once and awaited together: one after the other, a group of 43 objects spent 3.4 ms on them, a quarter of its
     * time in the lane (docs/design.md#group-commit).
     */
    @Override
    public void raised(HeadsRaised raised) {
        Map<String, HeadsRaised.Raised> newest = new LinkedHashMap<>();
        for (HeadsRaised.Raised head : raised.heads()) {
            newest.merge(head.objectId(), head, (a, b) -> a.seq() >= b.seq() ? a : b);
        }
        if (!newest.isEmpty() && !guard.run(() -> noteAll(raised.projectId(), newest.values()))) {
            fence.owe();
        }
    }

    /**
     * Sends the notes of written heads at once, pipelined on one connection (a cluster's connection sends each to its
     * node), and waits for every answer within the Redis timeout; throws if any fails.
     */
    private void noteAll(String projectId, Collection<HeadsRaised.Raised> heads) {
        Future<?> noted = bare.connect().compose(connection -> {
            List<Future<io.vertx.redis.client.Response>> sent = new ArrayList<>(heads.size());
            for (HeadsRaised.Raised head : heads) {
                sent.add(connection.send(Request.cmd(Command.EVAL).arg(NOTE_WRITTEN).arg(1)
                        .arg(key(projectId, head.objectId())).arg(head.seq()).arg(head.createdAt().toEpochMilli())
                        .arg(writtenForMillis)));
            }
            return Future.all(sent).onComplete(done -> connection.close());
        });
        try {
            noted.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while noting written heads", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Redis did not take every written head's note", e);
        }
    }

    /** The last head noted for the object, if any: asked only when the store cannot be reached. */
    public Optional<StoredObject> last(String projectId, String objectId) {
        return note(key(projectId, objectId)).flatMap(fields -> decode(objectId, fields.getDelegate()));
    }

    /** The note's seq, type, createdAt, lastCreatedAt and epoch (each null where missing), if Redis answers. */
    private Optional<Response> note(String key) {
        return guard.call(() -> redis.execute("HMGET", noteFields(key)))
                .filter(fields -> fields.size() == NOTE_FIELDS);
    }

    private static final int NOTE_FIELDS = 5;

    /** {@link #noteFields} as a request of the bare client. */
    private static Request noteRequest(String key) {
        Request request = Request.cmd(Command.HMGET);
        for (String arg : noteFields(key)) {
            request.arg(arg);
        }
        return request;
    }

    /** HMGET's arguments for a note: its key and fields. */
    private static String[] noteFields(String key) {
        return new String[] {key, "seq", "type", "createdAt", "lastCreatedAt", "epoch"};
    }

    private static Optional<StoredObject> decode(String objectId, io.vertx.redis.client.Response fields) {
        if (fields == null || fields.size() < 4 || fields.get(0) == null || fields.get(1) == null
                || fields.get(2) == null) {
            return Optional.empty();
        }
        io.vertx.redis.client.Response last = fields.get(3);
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
        // In the background and best effort: a lost note only costs a later read the store.
        background.execute("EVAL", command).subscribe().with(done -> { }, failed -> { });
    }

    private static long millis(Instant instant) {
        return instant == null ? -1 : instant.toEpochMilli();
    }
}
