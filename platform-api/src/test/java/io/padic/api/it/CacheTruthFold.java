package io.padic.api.it;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reducers CacheTruthIT saves, each variant of JavaScript beside what it means in Java, and the fold of
 * docs/design.md#model written independently of the product: events 1..seq, the hides among them honoured, stopping at
 * the first event whose reducer throws.
 */
final class CacheTruthFold {

    /** The event types whose code a history changes; any other type (Set) keeps the default reducer. */
    static final List<String> CODED_TYPES = List.of("Inc", "Profile", "Fail");

    private CacheTruthFold() {
    }

    /** An event as pinned to one object: what the test sent, or the {@code $hide} naming {@code hideTarget}. */
    record Sent(String id, String type, Map<String, Integer> metaData, String hideTarget) {
    }

    /** What a read must answer: a state, or a 500 {@code reducer-failed} naming the event it failed on. */
    record Expected(ObjectNode state, String failedOn) {
        static Expected failure(String eventId) {
            return new Expected(null, eventId);
        }
    }

    static String body(String type, int variant) {
        return switch (type) {
            case "Inc" -> "return { n: (state.n || 0) + " + step(variant) + " };";
            case "Profile" -> "const d = Object.assign({}, event.metaData); if ("
                    + new String[] {"accessLevel !== 'owner'", "accessLevel === 'public'", "false"}[variant]
                    + ") { delete d.secret; } return d;";
            case "Fail" -> new String[] {
                // Throws below owner only: the same seq is a state for one level and a failure for another.
                "if (event.metaData.a > 5 && accessLevel !== 'owner') { throw new Error('a too big for '"
                        + " + accessLevel); } return event.metaData;",
                "if (event.metaData.b > 6) { throw new Error('b too big'); } return event.metaData;",
                "return { fails: (state.fails || 0) + 1 };"}[variant];
            default -> throw new IllegalArgumentException(type);
        };
    }

    private static int step(int variant) {
        return new int[] {1, 2, 5}[variant];
    }

    /** The fold of {@code events} (an object's first seqs) at {@code level} with the code in force. */
    static Expected fold(List<Sent> events, String level, Map<String, Integer> code) {
        List<String> hidden = events.stream().filter(e -> e.hideTarget() != null).map(Sent::hideTarget).toList();
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        for (Sent e : events) {
            if (e.hideTarget() != null || hidden.contains(e.id())) {
                continue;
            }
            Integer variant = code.get(e.type());
            Map<String, Integer> delta = new HashMap<>(e.metaData());
            if (variant != null) {
                switch (e.type()) {
                    case "Inc" -> delta = Map.of("n", state.path("n").asInt(0) + step(variant));
                    case "Profile" -> {
                        if (variant == 0 && !level.equals("owner") || variant == 1 && level.equals("public")) {
                            delta.remove("secret");
                        }
                    }
                    case "Fail" -> {
                        boolean throwsHere = variant == 0 && above(e, "a", 5) && !level.equals("owner")
                                || variant == 1 && above(e, "b", 6);
                        if (throwsHere) {
                            return Expected.failure(e.id());
                        }
                        if (variant == 2) {
                            delta = Map.of("fails", state.path("fails").asInt(0) + 1);
                        }
                    }
                    default -> throw new IllegalStateException("no code for " + e.type());
                }
            }
            for (Map.Entry<String, Integer> member : delta.entrySet()) {
                if (member.getValue() == null) {
                    state.remove(member.getKey());
                } else {
                    state.put(member.getKey(), member.getValue());
                }
            }
        }
        return new Expected(state, null);
    }

    private static boolean above(Sent e, String field, int bound) {
        Integer value = e.metaData().get(field);
        return value != null && value > bound;
    }
}
