package io.padic.api.it;

import io.padic.api.it.FuzzOperations.Operation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One fuzzed request as it goes on the wire, but with its credential named ({@link Auth}) rather than given: the
 * secret is looked up when it is sent, and the printed request says whose it was. {@link #toString()} is what a
 * failure prints (jqwik's shrunk sample): method, path, headers and body, with bytes that are not printable UTF-8
 * shown as {@code \xNN}.
 */
record FuzzRequest(Operation op, Auth auth, int authVariant, String target, List<Map.Entry<String, String>> headers,
        String contentType, byte[] body, List<String> pathIds, String mutation) {

    /** Whose credential the request carries, relative to its operation's plane. */
    enum Auth {
        /** The rightful caller: the fuzzer's session (control plane), its full API key (data plane), none (public). */
        OWN,
        /** The fuzzer's personal access token with every scope (control plane). */
        OWN_TOKEN,
        /** The fuzzer's key with only {@code objects:read} at the lowest level (data plane). */
        READ_ONLY_KEY,
        NONE,
        /** A malformed or made-up Authorization header. */
        GARBAGE,
        /** Another tenant's session or key. */
        OTHER_TENANT,
        /** The fuzzer's key on the control plane, its session on the data plane. */
        WRONG_KIND
    }

    private static final int SHOWN = 1_500;

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("\n").append(op.method()).append(' ').append(shorten(target))
                .append("\nAuthorization: <").append(auth).append(auth == Auth.GARBAGE ? " #" + authVariant : "")
                .append('>');
        if (body != null && !"none".equals(contentType)) {
            out.append("\nContent-Type: ").append(contentType);
        }
        headers.forEach(h -> out.append('\n').append(h.getKey()).append(": ").append(shorten(h.getValue())));
        if (!mutation.isEmpty()) {
            out.append("\n(mutation: ").append(mutation).append(')');
        }
        if (body != null) {
            out.append("\n\n").append(printable(body));
        }
        return out.append('\n').toString();
    }

    private static String shorten(String text) {
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "… (" + text.length() + " characters)";
    }

    /** The body as UTF-8 where it is valid and printable, {@code \xNN} for every other byte; long ones cut. */
    static String printable(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < bytes.length && out.length() < SHOWN) {
            int b = bytes[i] & 0xFF;
            int length = b < 0x80 ? 1 : b >= 0xC2 && b < 0xE0 ? 2 : b >= 0xE0 && b < 0xF0 ? 3 : b >= 0xF0 && b < 0xF5
                    ? 4 : 0;
            String decoded = length == 0 || i + length > bytes.length ? null : strict(bytes, i, length);
            if (decoded == null || (length == 1 && (b < 0x20 && b != '\n' || b == 0x7F))) {
                out.append(String.format("\\x%02X", b));
                i++;
            } else {
                out.append(decoded);
                i += length;
            }
        }
        return i < bytes.length ? out + "… (" + bytes.length + " bytes in all)" : out.toString();
    }

    private static String strict(byte[] bytes, int from, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes, from, length)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }
}
