package io.padic.dashboard.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Keycloak, then a platform-api that accepts its ID tokens, for the single sign-on test (its profile replaces the
 * global {@link PlatformApiResource}): the dashboard under test gets both the API and the provider to sign in with.
 */
public class SingleSignOnStack implements QuarkusTestResourceLifecycleManager {

    private KeycloakProcess keycloak;
    private PlatformApiResource api;

    @Override
    public Map<String, String> start() {
        keycloak = KeycloakProcess.start();
        try {
            api = new PlatformApiResource(Map.of(
                    "PADIC_AUTH_SSO_ISSUER", keycloak.issuer(),
                    "PADIC_AUTH_SSO_CLIENT_ID", KeycloakProcess.CLIENT_ID));
            Map<String, String> config = new HashMap<>(api.start());
            config.put("padic.auth.sso.issuer", keycloak.issuer());
            config.put("padic.auth.sso.client-id", KeycloakProcess.CLIENT_ID);
            config.put("padic.auth.sso.client-secret", KeycloakProcess.CLIENT_SECRET);
            config.put("padic.auth.sso.provider-name", "Keycloak");
            return config;
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    @Override
    public void stop() {
        if (api != null) {
            api.stop();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }
}
