package io.padic.api;

import static io.padic.api.support.Api.createObject;
import static io.padic.api.support.Api.management;
import static io.padic.api.support.Api.readObject;
import static io.padic.api.support.Api.saveReducer;
import static io.padic.api.support.Api.sendEvent;
import static io.padic.api.support.Api.workspace;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.api.cache.ObjectCache;
import io.padic.api.fold.FoldStats;
import io.padic.api.support.Api;
import io.padic.api.support.RedisCluster;
import io.padic.api.support.RedisClusterFailoverResource;
import io.padic.api.support.RedisClusterResource;
import io.padic.api.support.StoreResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A Redis Cluster master dies (SIGKILL) while clients write and read (docs/design.md#cache-and-snapshots, "Redis
 * Cluster"): every write is stored, every read answers the state the acknowledged events give (from Redis, or from
 * snapshots and events while the slot has no master), and once a replica has taken over, reads are Redis hits
 * again.
 */
@QuarkusTest
@WithTestResource(StoreResource.class)
@WithTestResource(RedisClusterFailoverResource.class)
class RedisClusterFailoverTest {

    private static final int OBJECTS = 12;
    private static final int WRITERS = 2;
    private static final int READERS = 2;
    private static final Pattern HITS = Pattern.compile("(?m)^padic_cache_hits_total(?:\\{[^}]*})? ([0-9.E]+)$");

    @Inject
    FoldStats stats;

    @Inject
    ObjectCache cache;

    @Test
    void aMasterKilledDuringReadsAndWritesCostsNoWrongAnswerAndHitsResumeOnItsReplica() throws Exception {
        RedisCluster cluster = RedisClusterResource.cluster();
        Api.Workspace ws = workspace();
        // A running sum: a state folded from a wrong base (a lost or stale cached state) shows in the answer.
        saveReducer(ws, "Add", "return { n: event.metaData.i, sum: (state.sum || 0) + event.metaData.i };");
        AtomicLongArray acked = new AtomicLongArray(OBJECTS);
        for (int o = 0; o < OBJECTS; o++) {
            createObject(ws.key(), "Counter", "o" + o);
        }
        String victimTag = "{" + ws.projectId() + ":o0}";
        int victim = cluster.masterOf(victimTag);

        AtomicBoolean stop = new AtomicBoolean();
        Queue<String> wrong = new ConcurrentLinkedQueue<>();
        LongAdder writes = new LongAdder();
        LongAdder reads = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
        List<Future<?>> clients = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            clients.add(pool.submit(() -> {
                while (!stop.get()) {
                    // Each object has one writer, so its i-th event is its seq i.
                    for (int o = writer; o < OBJECTS && !stop.get(); o += WRITERS) {
                        long next = acked.get(o) + 1;
                        int status = sendEvent(ws.key(), "Add", "o" + o, Map.of("i", next)).extract().statusCode();
                        if (status != 201) {
                            wrong.add("event " + next + " on o" + o + " answered " + status);
                            return;
                        }
                        acked.set(o, next);
                        writes.increment();
                    }
                }
            }));
        }
        for (int r = 0; r < READERS; r++) {
            clients.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get()) {
                    int o = random.nextInt(OBJECTS);
                    long known = acked.get(o);
                    // Half the reads ask for a past seq, which starts from a cached state or snapshot below it.
                    String query = known > 1 && random.nextBoolean() ? "seq=" + (1 + random.nextLong(known)) : null;
                    String problem = check(readObject(ws.key(), "o" + o, query).extract(), known, query);
                    if (problem != null) {
                        wrong.add("o" + o + (query == null ? "" : "?" + query) + ": " + problem);
                    }
                    reads.increment();
                }
            }));
        }

        await("writes and reads under way").atMost(Duration.ofSeconds(20)).until(() -> writes.sum() >= 40);
        long killedAt = System.nanoTime();
        long readsAtKill = reads.sum();
        cluster.kill(victim);
        cluster.awaitFailoverFrom(victim);
        long failover = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
        long readsWithoutMaster = reads.sum() - readsAtKill;
        long writesAtFailover = writes.sum();
        await("writes and reads go on after the failover").atMost(Duration.ofSeconds(20))
                .until(() -> writes.sum() >= writesAtFailover + 40 || !wrong.isEmpty());
        stop.set(true);
        for (Future<?> client : clients) {
            client.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        System.out.printf("Redis Cluster failover: master %d killed, replica took over in %d ms (%d reads answered"
                + " meanwhile); %d writes, %d reads, %d wrong answers%n", victim, failover, readsWithoutMaster,
                writes.sum(), reads.sum(), wrong.size());
        assertTrue(wrong.isEmpty(), "wrong answers: " + wrong);
        assertTrue(readsWithoutMaster > 0, "reads were answered while the slot had no master");

        int promoted = cluster.masterOf(victimTag);
        assertNotEquals(victim, promoted, "o0's slot has a new master");
        // Redis hits resume on the promoted replica, as this process sees them and as /q/metrics shows them.
        double metricBefore = hitsMetric();
        await("o0 is a Redis hit again").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    cache.forgetKept();
                    long before = stats.hits();
                    readObject(ws.key(), "o0", null).statusCode(200).body("seq", equalTo((int) acked.get(0)));
                    return stats.hits() > before;
                });
        assertTrue(hitsMetric() > metricBefore, "padic_cache_hits_total grew");
        // Finally every object answers exactly its acknowledged events, from whatever is cached now.
        cache.forgetKept();
        for (int o = 0; o < OBJECTS; o++) {
            long seq = acked.get(o);
            readObject(ws.key(), "o" + o, null).statusCode(200).body("seq", equalTo((int) seq))
                    .body("state.sum", equalTo((int) (seq * (seq + 1) / 2)));
        }
        assertEquals(5, cluster.livePorts().size());
    }

    /** Null when the answer is the state of the acknowledged events: at least {@code known} of them, or the seq asked. */
    private static String check(ExtractableResponse<Response> answer, long known, String query) {
        if (answer.statusCode() != 200) {
            return "status " + answer.statusCode() + ": " + answer.asString();
        }
        JsonPath body = answer.jsonPath();
        long seq = body.getLong("seq");
        if (query != null ? seq != Long.parseLong(query.substring("seq=".length())) : seq < known) {
            return "seq " + seq + " while " + known + " were acknowledged";
        }
        long n = seq == 0 ? 0 : body.getLong("state.n");
        long sum = seq == 0 ? 0 : body.getLong("state.sum");
        if (n != seq || sum != seq * (seq + 1) / 2) {
            return "state " + body.getMap("state") + " at seq " + seq;
        }
        return null;
    }

    private static double hitsMetric() {
        String metrics = management().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher hits = HITS.matcher(metrics);
        assertTrue(hits.find(), "padic_cache_hits_total in /q/metrics");
        return Double.parseDouble(hits.group(1));
    }
}
