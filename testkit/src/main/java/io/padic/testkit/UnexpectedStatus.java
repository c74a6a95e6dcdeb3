package io.padic.testkit;

/** An HTTP answer other than the one the call expects; an assertion, so a test that meets it fails. */
public final class UnexpectedStatus extends AssertionError {

    public UnexpectedStatus(String what, int expected, int status, String body) {
        super(what + " answered " + status + " (expected " + expected + "): "
                + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
    }
}
