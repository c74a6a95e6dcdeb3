package io.padic.bench.fold;

import java.time.Instant;
import java.util.Map;

/**
 * The benchmark's input: one Photo object's history, a PhotoCreate then PhotoModify renames, as the JSON
 * array node is given (each event in the shape of platform-api's {@code JsReducer.eventTexts}), and the reducers.
 */
final class PhotoEvents {

    /** The bodies of applyEvent, as a project would save them (the Photo example of the sandbox's tests). */
    static final Map<String, String> REDUCERS = Map.of(
            "PhotoCreate", "return { name: event.metaData.name, image_url: event.metaData.image_url };",
            "PhotoModify", "return { name: event.metaData.name };");

    /** The sandbox's wrapper around a body (Sandbox.wrap): node evaluates the same text. */
    static final String WRAPPER_HEAD = "(function applyEvent(state, event, accessLevel) {'use strict';\n";
    static final String WRAPPER_TAIL = "\n})";

    static final String ACCESS_LEVEL = "public";
    static final String OBJECT_ID = "pho_01JZ8Q4M7V0000000000000000";
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private PhotoEvents() {
    }

    /** {@code count} events on one photo, oldest first; the last one names the photo "photo 'count-1'". */
    static String json(int count) {
        StringBuilder out = new StringBuilder(count * 200).append('[');
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append(',');
            }
            String type = i == 0 ? "PhotoCreate" : "PhotoModify";
            String metaData = i == 0
                    ? "{\"name\":\"photo 0\",\"image_url\":\"https://img.example.com/u/42/IMG_0001.jpg\"}"
                    : "{\"name\":\"photo " + i + "\"}";
            out.append("{\"id\":\"evt_").append(ulidLike(i)).append("\",\"seq\":").append(i + 1)
                    .append(",\"type\":\"").append(type).append("\",\"createdAt\":\"")
                    .append(START.plusMillis(1000L * i)).append("\",\"concerns\":[\"").append(OBJECT_ID)
                    .append("\"],\"metaData\":").append(metaData).append('}');
        }
        return out.append(']').toString();
    }

    /** The state every fold of {@link #json(int)} must end in. */
    static String expectedState(int count) {
        return "{\"name\":\"photo " + (count - 1) + "\",\"image_url\":\"https://img.example.com/u/42/IMG_0001.jpg\"}";
    }

    /** 26 Crockford base-32 characters, as platform-api's ids: a fixed time part and the index. */
    private static String ulidLike(long n) {
        char[] id = "01JZ8Q4M7V0000000000000000".toCharArray();
        for (int i = id.length - 1; n > 0 && i >= 10; i--) {
            id[i] = CROCKFORD[(int) (n & 31)];
            n >>>= 5;
        }
        return new String(id);
    }
}
