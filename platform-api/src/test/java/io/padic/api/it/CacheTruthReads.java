package io.padic.api.it;

import static io.padic.api.it.CacheTruthOps.OBJECTS;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.api.it.CacheTruthFold.Expected;
import io.padic.api.it.CacheTruthOps.Read;
import io.padic.testkit.ApiClient.Reply;
import java.time.Instant;
import java.util.List;

/** The reads of CacheTruthIT, each checked against the fold CacheTruthFold computes from the model (I4). */
final class CacheTruthReads {

    private CacheTruthReads() {
    }

    static void check(CacheTruthWorld world, Read r) {
        int head = world.head(r.object());
        switch (r.mode()) {
            case "now" -> checkNow(world, r.object(), r.level(), r.process());
            case "seq" -> checkSeq(world, r.object(), r.level(), r.pick() % (head + 1), r.process());
            default -> checkAt(world, r.object(), r.level(), r.pick() % (head + 1), r.process());
        }
    }

    static void checkNow(CacheTruthWorld world, int object, String level, int process) {
        expect(world, object, level, world.head(object), get(world, object, level, process, ""));
    }

    static void checkSeq(CacheTruthWorld world, int object, String level, int seq, int process) {
        expect(world, object, level, seq, get(world, object, level, process, "?seq=" + seq));
    }

    /** Reads at the createdAt of seq {@code k} (0: the object's creation): the state after every event until then. */
    static void checkAt(CacheTruthWorld world, int object, String level, int k, int process) {
        List<Instant> times = world.times(object);
        Instant at = k == 0 ? world.created(object) : times.get(k - 1);
        int seq = 0;
        for (int i = 0; i < times.size(); i++) {
            if (!times.get(i).isAfter(at)) {
                seq = i + 1;
            }
        }
        expect(world, object, level, seq, get(world, object, level, process, "?at=" + at));
    }

    static Reply get(CacheTruthWorld world, int object, String level, int process, String query) {
        return world.client(process, level).get("/v1/objects/" + OBJECTS.get(object) + query);
    }

    private static void expect(CacheTruthWorld world, int object, String level, int seq, Reply reply) {
        Expected expected = world.expected(object, level, seq);
        assertTrue(matches(reply, expected, seq), () -> OBJECTS.get(object) + " at seq " + seq + " for " + level
                + " should be " + expected + " but was " + reply + "; " + world.describe(object));
    }

    /** The reply is the fold at {@code seq}: a 200 with that seq and state, or a 500 naming the failing event. */
    static boolean matches(Reply reply, Expected expected, int seq) {
        if (expected.failedOn() != null) {
            return reply.status() == 500 && reply.body().path("type").asText().endsWith("/reducer-failed")
                    && reply.body().path("eventId").asText().equals(expected.failedOn());
        }
        return reply.status() == 200 && reply.body().path("seq").asInt() == seq
                && reply.body().path("state").equals(expected.state());
    }
}
