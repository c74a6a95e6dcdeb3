package io.padic.embedded;

/** What a compaction of the store file found ({@code before}) and left ({@code after}); {@code ran} is false when it was not worth it. */
public record Compaction(StoreFileStats before, StoreFileStats after, boolean ran) {
}
