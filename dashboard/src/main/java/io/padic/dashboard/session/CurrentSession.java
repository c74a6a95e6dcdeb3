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
