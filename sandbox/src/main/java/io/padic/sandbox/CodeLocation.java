package io.padic.sandbox;

/** A place in a user's applyEvent body: 1-based line and column, as an editor shows them. */
public record CodeLocation(int line, int column) {
}
