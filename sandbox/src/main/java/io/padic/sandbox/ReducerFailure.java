package io.padic.sandbox;

/**
 * A reducer could not produce a state. {@code eventIndex} is the position in the folded list (or -1),
 * {@code type}/{@code version}/{@code location} point into the user's code where that is known.
 */
public final class ReducerFailure extends Exception {

    public enum Kind {
        /** The body does not parse. */
        SYNTAX,
        /** The body threw, or returned something that is not a delta. */
        RUNTIME,
        /** The fold ran past its statement or time limit. */
        TOO_LONG,
        /** The fold allocated past its budget or the heap ran low. */
        TOO_MUCH_MEMORY,
        /** The state grew past the output limit. */
        OUTPUT_TOO_LARGE,
        /** Two runs on the same input gave different results. */
        NOT_DETERMINISTIC
    }

    private final Kind kind;
    private final int eventIndex;
    private final String type;
    private final Integer version;
    private final CodeLocation location;

    public ReducerFailure(Kind kind, String message, int eventIndex, String type, Integer version,
            CodeLocation location) {
        super(message);
        this.kind = kind;
        this.eventIndex = eventIndex;
        this.type = type;
        this.version = version;
        this.location = location;
    }

    public Kind kind() {
        return kind;
    }

    public int eventIndex() {
        return eventIndex;
    }

    public String type() {
        return type;
    }

    public Integer version() {
        return version;
    }

    public CodeLocation location() {
        return location;
    }
}
