package io.padic.api.common;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Generates ids that sort by creation time (48-bit milliseconds, then 80 random bits, Crockford base32,
 * like a ULID) behind a short prefix that says what the id names: {@code evt_01J...}.
 */
public final class RandomIds {

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {
    }

    public static String next(String prefix) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        return format(prefix, System.currentTimeMillis(), random);
    }

    private static String format(String prefix, long millis, byte[] random) {
        StringBuilder out = new StringBuilder(prefix.length() + 27).append(prefix).append('_');
        for (int shift = 45; shift >= 0; shift -= 5) {
            out.append(ALPHABET[(int) (millis >>> shift) & 31]);
        }
        long high = 0;
        for (int i = 0; i < 5; i++) {
            high = (high << 8) | (random[i] & 0xff);
        }
        long low = 0;
        for (int i = 5; i < 10; i++) {
            low = (low << 8) | (random[i] & 0xff);
        }
        for (int shift = 35; shift >= 0; shift -= 5) {
            out.append(ALPHABET[(int) (high >>> shift) & 31]);
        }
        for (int shift = 35; shift >= 0; shift -= 5) {
            out.append(ALPHABET[(int) (low >>> shift) & 31]);
        }
        return out.toString();
    }

    /** A secret of 32 random bytes in base64url, behind a prefix that tells what kind of secret it is. */
    public static String secret(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
