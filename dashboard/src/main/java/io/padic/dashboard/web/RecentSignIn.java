package io.padic.dashboard.web;

import io.padic.dashboard.client.AccountApi;
import io.padic.dashboard.client.ApiError;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The password a form asks for when platform-api wants a recent sign-in (deleting a project or a workspace,
 * creating a key at a project's highest level): the form shows a password field once refused with
 * {@code reauth-required}, keeps what the user typed, and re-authenticates before it tries again.
 */
@ApplicationScoped
public class RecentSignIn {

    private final AccountApi api;

    public RecentSignIn(@RestClient AccountApi api) {
        this.api = api;
    }

    /** Re-authenticates with {@code password} if one was typed; the error for the password field, or none. */
    public FormErrors confirm(String password) {
        if (password == null || password.isEmpty()) {
            return FormErrors.none();
        }
        try {
            api.reauth(new AccountApi.Reauth(password, null));
            return FormErrors.none();
        } catch (ApiError e) {
            return FormErrors.of("password", e.status() == 422 ? "The password is wrong" : e.problem().detail());
        }
    }

    /** Whether platform-api refused for want of a recent sign-in. */
    public static boolean wanted(ApiError e) {
        return e.problem().is("reauth-required");
    }

    /** The message beside the password field when a recent sign-in is wanted. */
    public static FormErrors ask() {
        return FormErrors.of("password", "Confirm your password to do this: your last sign-in is more than a few"
                + " minutes old");
    }
}
