package io.padic.embedded;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How far the embedded store has written a change before it answers: every mode writes it to the
 * store file first (so a killed process loses nothing it acknowledged); {@code fsync}, the default,
 * also forces the file to the disk, so a machine crash or power loss loses nothing either.
 */
public enum StoreSync {
    /** Written and forced to the disk before the answer (survives a machine crash). */
    FSYNC,
    /** Written to the file, left in the operating system's cache (survives a killed process only). */
    WRITE;

    public static final StoreSync DEFAULT = FSYNC;

    /** {@code fsync} or {@code write}, as the launcher's {@code --store-sync} spells it. */
    public static StoreSync parse(String value) {
        for (StoreSync sync : values()) {
            if (sync.optionValue().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return sync;
            }
        }
        throw new IllegalArgumentException("store sync must be one of " + choices() + ", not '" + value + "'");
    }

    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static String choices() {
        return Arrays.stream(values()).map(StoreSync::optionValue).collect(Collectors.joining(", "));
    }
}
