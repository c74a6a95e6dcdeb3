package io.padic.dashboard.auth;

import io.quarkus.qute.TemplateGlobal;
import org.eclipse.microprofile.config.ConfigProvider;

/** Whether single sign-on is configured, and the provider's name, for the log-in and sign-up pages. */
@TemplateGlobal
public final class SingleSignOnSettings {

    private SingleSignOnSettings() {
    }

    static boolean enabled() {
        return ConfigProvider.getConfig().getOptionalValue("padic.auth.sso.issuer", String.class)
                .filter(s -> !s.isBlank()).isPresent();
    }

    /** The name on the "Sign in with …" button, or null when single sign-on is off (the button is not shown). */
    static String ssoProvider() {
        return enabled() ? ConfigProvider.getConfig().getValue("padic.auth.sso.provider-name", String.class) : null;
    }
}
