package io.padic.api.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * An OpenID Connect provider's public face for platform-api's tests: a discovery document and a JWKS served over
 * HTTP on a free port, and ID tokens signed with its key ({@link #idToken}). The browser flow against a real
 * provider (Keycloak) is the dashboard's SingleSignOnE2E; here the tests shape tokens a provider would not issue
 * (another audience, expired, signed by a stranger).
 */
public class TestIdentityProvider implements QuarkusTestResourceLifecycleManager {

    public static final String CLIENT_ID = "padic-dashboard";
    private static HttpServer server;
    private static RsaJsonWebKey key;
    private static String issuer;

    @Override
    public Map<String, String> start() {
        try {
            key = newKey();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/test";
            serve("/realms/test/.well-known/openid-configuration", "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\""
                    + issuer + "/certs\"}");
            serve("/realms/test/certs", new JsonWebKeySet(key).toJson());
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("padic.auth.sso.issuer", issuer, "padic.auth.sso.client-id", CLIENT_ID);
    }

    private static void serve(String path, String body) {
        server.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    public static String issuer() {
        return issuer;
    }

    static RsaJsonWebKey newKey() {
        try {
            RsaJsonWebKey generated = RsaJwkGenerator.generateJwk(2048);
            generated.setKeyId(UUID.randomUUID().toString());
            return generated;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The claims of an ID token as the provider issues it after a sign-in: fresh, to PAdic's client. */
    private static JwtClaims claims(String subject, String email, boolean emailVerified) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(CLIENT_ID);
        claims.setSubject(subject);
        claims.setIssuedAt(NumericDate.fromSeconds(Instant.now().getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(Instant.now().plusSeconds(300).getEpochSecond()));
        claims.setGeneratedJwtId();
        claims.setClaim("email", email);
        claims.setClaim("email_verified", emailVerified);
        claims.setClaim("name", "Test " + subject);
        return claims;
    }

    /** An ID token signed with the provider's key; {@code shape} may change its claims first. */
    public static String idToken(String subject, String email, boolean emailVerified, Consumer<JwtClaims> shape) {
        JwtClaims claims = claims(subject, email, emailVerified);
        shape.accept(claims);
        return sign(claims, key);
    }

    public static String idToken(String subject, String email, boolean emailVerified) {
        return idToken(subject, email, emailVerified, claims -> { });
    }

    /** The same claims signed by a key the provider never published. */
    public static String signedByStranger(String subject, String email) {
        RsaJsonWebKey stranger = newKey();
        stranger.setKeyId(key.getKeyId()); // even claiming the provider's key id
        return sign(claims(subject, email, true), stranger);
    }

    private static String sign(JwtClaims claims, RsaJsonWebKey with) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(with.getPrivateKey());
        jws.setKeyIdHeaderValue(with.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
