package io.padic.api.common;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the few secrets the server must read back (a TOTP secret: codes are computed from it, so a digest will
 * not do) with AES-256-GCM under {@code padic.auth.secret-key}. The ciphertext is bound to what it belongs to (the
 * associated data, e.g. the user id), so a copied ciphertext does not decrypt for another user.
 * Stored as {@code v1:<base64 of 12-byte nonce + ciphertext + tag>}.
 */
@ApplicationScoped
public class SecretBox {

    private static final String VERSION = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    public SecretBox(PadicConfig config) {
        this.key = config.auth().secretKey().map(SecretBox::parse).orElse(null);
    }

    /** Production refuses to start without a key, rather than at the first TOTP enrolment. */
    void requireKey(@Observes StartupEvent start) {
        if (key == null && LaunchMode.current() == LaunchMode.NORMAL) {
            throw new IllegalStateException("padic.auth.secret-key (PADIC_AUTH_SECRET_KEY) is not set: give it 32"
                    + " random bytes in base64 (docs/operations.md, \"Secrets\")");
        }
    }

    private static SecretKey parse(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("padic.auth.secret-key is not base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("padic.auth.secret-key must be 32 bytes (base64), not " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    public String seal(byte[] plain, String boundTo) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, boundTo);
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return VERSION + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    public byte[] open(String sealed, String boundTo) {
        if (sealed == null || !sealed.startsWith(VERSION)) {
            throw new IllegalStateException("not a sealed secret");
        }
        byte[] in = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
        byte[] nonce = java.util.Arrays.copyOf(in, NONCE_BYTES);
        try {
            return cipher(Cipher.DECRYPT_MODE, nonce, boundTo).doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a sealed secret does not open with padic.auth.secret-key (was the key"
                    + " changed?)", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String boundTo) throws GeneralSecurityException {
        if (key == null) {
            throw ApiProblem.busy("This server has no padic.auth.secret-key, so it cannot keep TOTP secrets",
                    java.time.Duration.ofMinutes(1));
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
