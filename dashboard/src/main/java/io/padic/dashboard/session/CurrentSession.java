package io.padic.dashboard.session;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import java.util.Optional;

/**
 * The session of the request being served, read from the cookie by {@link SessionFilter}. Templates reach it as
 * {@code inject:session}.
 */
@RequestScoped
@Named("session")
public class CurrentSession {

    private SessionData data;

    void set(SessionData data) {
        this.data = data;
    }

    public boolean isSignedIn() {
        return data != null;
    }

    /** The signed-in user's session; pages that need one call this and the visitor is sent to log in. */
    public SessionData require() {
        if (data == null) {
            throw new SignInRequired();
        }
        return data;
    }

    public Optional<String> token() {
        return Optional.ofNullable(data).map(SessionData::token);
    }

    public String getName() {
        return data == null ? "" : data.name();
    }

    public String getEmail() {
        return data == null ? "" : data.email();
    }
}
