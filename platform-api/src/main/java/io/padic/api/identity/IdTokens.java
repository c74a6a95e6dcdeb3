package io.padic.api.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.padic.api.common.ApiProblem;
import io.padic.api.common.PadicConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * Checks an OpenID Connect ID token the way a relying party must (OIDC Core §3.1.3.7): signed by a key the issuer
 * publishes (its JWKS, found through its discovery document and cached by jose4j), issued by the configured issuer,
 * to the configured client, not expired, and fresh. platform-api checks the token itself rather than trusting the
 * dashboard that sends it, so a stolen dashboard cookie key or a forged request cannot name any identity.
 */
@ApplicationScoped
public class IdTokens {

    private static final Logger LOG = Logger.getLogger(IdTokens.class);

    /** What PAdic uses of a verified ID token. */
    public record Identity(String issuer, String subject, String email, boolean emailVerified, String name) {
    }

    private final Optional<String> issuer;
    private final Optional<String> clientId;
    private final Duration maxAge;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile JwtConsumer consumer;

    public IdTokens(PadicConfig config, ObjectMapper json) {
        this.issuer = config.auth().sso().issuer().map(String::trim).filter(s -> !s.isEmpty());
        this.clientId = config.auth().sso().clientId().map(String::trim).filter(s -> !s.isEmpty());
        this.maxAge = config.auth().sso().maxTokenAge();
        this.json = json;
    }

    public boolean configured() {
        return issuer.isPresent() && clientId.isPresent();
    }

    /** The identity an ID token proves; 401 problem when it proves none (the reason goes to the log, not the caller). */
    public Identity verify(String rawToken) {
        if (!configured()) {
            throw ApiProblem.notFound("Single sign-on (no provider is configured: padic.auth.sso.issuer)");
        }
        JwtClaims claims;
        try {
            claims = consumer().processToClaims(rawToken);
        } catch (InvalidJwtException e) {
            LOG.debugf("ID token refused: %s", e.getMessage());
            throw ApiProblem.unauthorized("The identity provider's token is not valid for this service");
        }
        try {
            Instant issuedAt = Instant.ofEpochSecond(claims.getIssuedAt().getValue());
            if (issuedAt.isBefore(Instant.now().minus(maxAge))) {
                throw ApiProblem.unauthorized("The identity provider's token is too old; sign in again");
            }
            String email = claims.getStringClaimValue("email");
            Object verified = claims.getClaimValue("email_verified");
            return new Identity(claims.getIssuer(), claims.getSubject(), email, Boolean.TRUE.equals(verified),
                    displayName(claims));
        } catch (MalformedClaimException e) {
            throw ApiProblem.unauthorized("The identity provider's token carries a malformed claim");
        }
    }

    private static String displayName(JwtClaims claims) throws MalformedClaimException {
        for (String claim : new String[] {"name", "preferred_username"}) {
            String value = claims.getStringClaimValue(claim);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    /** Built on first use, so platform-api starts while the provider is down; rebuilt after a failed discovery. */
    private JwtConsumer consumer() {
        JwtConsumer current = consumer;
        if (current == null) {
            synchronized (this) {
                current = consumer;
                if (current == null) {
                    current = build(jwksUri());
                    consumer = current;
                }
            }
        }
        return current;
    }

    private JwtConsumer build(String jwksUri) {
        HttpsJwks keys = new HttpsJwks(jwksUri);
        return new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(60)
                .setExpectedIssuer(issuer.orElseThrow())
                .setExpectedAudience(clientId.orElseThrow())
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(keys))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384,
                        AlgorithmIdentifiers.RSA_USING_SHA512, AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
                        AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384)
                .build();
    }

    /** The provider's key set, from its discovery document (which must name the configured issuer). */
    private String jwksUri() {
        String base = issuer.orElseThrow().replaceAll("/+$", "");
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                    URI.create(base + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode document = answer.statusCode() == 200 ? json.readTree(answer.body()) : null;
            if (document == null || !issuer.get().equals(document.path("issuer").asText())
                    || !document.path("jwks_uri").isTextual()) {
                LOG.warnf("Single sign-on: %s answered %d without this issuer's discovery document", base,
                        answer.statusCode());
                throw providerUnreachable();
            }
            return document.get("jwks_uri").asText();
        } catch (IOException e) {
            LOG.warnf("Single sign-on: the provider's discovery document could not be read: %s", e.getMessage());
            throw providerUnreachable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw providerUnreachable();
        }
    }

    private static ApiProblem providerUnreachable() {
        return ApiProblem.busy("The identity provider cannot be reached; try again shortly", Duration.ofSeconds(5));
    }
}
