package io.padic.dashboard.session;

/** The page needs a signed-in user and there is none (or platform-api no longer accepts their token). */
public class SignInRequired extends RuntimeException {

    public SignInRequired() {
        super("Sign in to continue", null, false, false);
    }
}
