package io.padic.dashboard.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.keys.AesKey;
import org.jose4j.lang.JoseException;

/**
 * Seals the session into an encrypted cookie (JWE, direct key, A256GCM) and opens it again. The browser can
 * neither read nor forge it; the platform-api token inside never reaches page scripts (HttpOnly).
 */
@ApplicationScoped
public class SessionCookie {

    public static final String NAME = "padic_session";

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final AesKey key;
    private final Duration lifetime;
    private final String csrfCookieName;

    public SessionCookie(@ConfigProperty(name = "padic.dashboard.session-key") Optional<String> configuredKey,
            @ConfigProperty(name = "padic.dashboard.session-lifetime") Duration lifetime,
            @ConfigProperty(name = "quarkus.rest-csrf.cookie-name") String csrfCookieName) {
        this.key = new AesKey(configuredKey.map(SessionCookie::decodeKey).orElseGet(SessionCookie::randomKey));
        this.lifetime = lifetime;
        this.csrfCookieName = csrfCookieName;
    }

    /**
     * A cookie that signs the user in for {@code padic.dashboard.session-lifetime}, bound to the CSRF cookie the
     * sign-in form was posted with.
     */
    public NewCookie issue(String token, String email, String name, HttpHeaders request) {
        SessionData data = new SessionData(token, email, name, Instant.now().plus(lifetime), csrfCookie(request));
        return cookie(seal(data), (int) lifetime.toSeconds());
    }

    /** The value of the request's CSRF cookie, or null. */
    String csrfCookie(HttpHeaders request) {
        Cookie csrf = request.getCookies().get(csrfCookieName);
        return csrf == null ? null : csrf.getValue();
    }

    /** A cookie that removes the session from the browser. */
    public NewCookie clear() {
        return cookie("", 0);
    }

    /** The session in {@code value}, unless it was tampered with, sealed with another key, or has expired. */
    public Optional<SessionData> open(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonWebEncryption jwe = new JsonWebEncryption();
            jwe.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                    KeyManagementAlgorithmIdentifiers.DIRECT));
            jwe.setContentEncryptionAlgorithmConstraints(new AlgorithmConstraints(
                    AlgorithmConstraints.ConstraintType.PERMIT, ContentEncryptionAlgorithmIdentifiers.AES_256_GCM));
            jwe.setKey(key);
            jwe.setCompactSerialization(value);
            SessionData data = JSON.readValue(jwe.getPayload(), SessionData.class);
            return data.expiresAt().isAfter(Instant.now()) ? Optional.of(data) : Optional.empty();
        } catch (JoseException | IOException | RuntimeException unreadable) {
            // A cookie from an older key (dashboard restarted without a configured key) just means "sign in".
            return Optional.empty();
        }
    }

    String seal(SessionData data) {
        try {
            JsonWebEncryption jwe = new JsonWebEncryption();
            jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.DIRECT);
            jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
            jwe.setKey(key);
            jwe.setPayload(JSON.writeValueAsString(data));
            return jwe.getCompactSerialization();
        } catch (JoseException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot seal the session cookie", e);
        }
    }

    // Secure is added per request where it must be (SecureCookies).
    private NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(NAME).value(value).path("/").maxAge(maxAge).httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX).build();
    }

    private static byte[] decodeKey(String configured) {
        String trimmed = configured.trim();
        byte[] bytes;
        try {
            bytes = trimmed.contains("-") || trimmed.contains("_") ? Base64.getUrlDecoder().decode(trimmed)
                    : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("padic.dashboard.session-key must be 32 bytes in base64", e);
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("padic.dashboard.session-key must be 32 bytes in base64, not "
                    + bytes.length + " bytes (e.g. `openssl rand -base64 32`)");
        }
        return bytes;
    }

    private static byte[] randomKey() {
        Log.info("padic.dashboard.session-key is not set: using a random key, so sessions end when the dashboard"
                + " restarts (set it on every replica to share sessions)");
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
