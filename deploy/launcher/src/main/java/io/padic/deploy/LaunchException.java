package io.padic.deploy;

/** A launch failure the user can act on: its message is printed without a stack trace. */
final class LaunchException extends RuntimeException {

    LaunchException(String message) {
        super(message);
    }
}
