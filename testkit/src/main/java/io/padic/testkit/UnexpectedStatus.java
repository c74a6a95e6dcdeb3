package io.padic.testkit;

/**
 * An HTTP answer other than the one the call expects. A runtime exception, not an assertion: a test that meets
 * it fails all the same, and the bench's load loops count it as an error of the request.
 */
public final class UnexpectedStatus extends RuntimeException {

    public UnexpectedStatus(String what, int expected, int status, String body) {
        super(what + " answered " + status + " (expected " + expected + "): "
                + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
    }
}
