package io.padic.dashboard.session;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Sends a visitor who is not signed in from a {@link SignedIn} page to log in: {@link SignInRequired}, which
 * ErrorPages turns into the redirect to /login that brings them back. An interceptor, not a request filter, so it
 * runs where each page used to check the session itself: after every filter (a form post without its CSRF token
 * is refused as such first) and after the page's parameters are read.
 */
@SignedIn
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class SignInGate {

    private final CurrentSession session;

    public SignInGate(CurrentSession session) {
        this.session = session;
    }

    @AroundInvoke
    Object check(InvocationContext page) throws Exception {
        if (!session.isSignedIn()) {
            throw new SignInRequired();
        }
        return page.proceed();
    }
}
