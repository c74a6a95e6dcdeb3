package io.padic.dashboard.auth;

import io.quarkus.oidc.Oidc;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.quarkus.oidc.runtime.OidcTenantConfig.Authentication.CookieSameSite;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * quarkus-oidc's tenant for single sign-on, made at start only when {@code padic.auth.sso.issuer} is set: the
 * default tenant is off in application.properties, so the embedded default, which has no provider, starts without
 * one. The flow runs on /login/sso only (its cookies are scoped there) and asks for PKCE and a nonce.
 */
public class SingleSignOnTenant {

    void create(@Observes Oidc oidc,
            @ConfigProperty(name = "padic.auth.sso.issuer") Optional<String> issuer,
            @ConfigProperty(name = "padic.auth.sso.client-id") Optional<String> clientId,
            @ConfigProperty(name = "padic.auth.sso.client-secret") Optional<String> secret) {
        if (issuer.filter(s -> !s.isBlank()).isEmpty()) {
            return;
        }
        oidc.create(OidcTenantConfig.authServerUrl(issuer.get())
                .clientId(clientId.orElseThrow(() -> new IllegalStateException(
                        "padic.auth.sso.issuer is set: set padic.auth.sso.client-id too")))
                .credentials(secret.orElseThrow(() -> new IllegalStateException(
                        "padic.auth.sso.issuer is set: set padic.auth.sso.client-secret too")))
                .applicationType(ApplicationType.WEB_APP)
                .authentication()
                    .pkceRequired()
                    .nonceRequired()
                    .scopes("email", "profile")
                    .cookiePath("/login/sso")
                    .cookieSameSite(CookieSameSite.LAX)
                    .end()
                .build());
    }
}
