package io.padic.api.limits;

import java.time.Duration;

/** Durations as a person reads them in an error detail: "15 minutes", "1 hour", "42 seconds". */
public final class Waits {

    private Waits() {
    }

    public static String describe(Duration duration) {
        long seconds = Math.max(1, (duration.toMillis() + 999) / 1000);
        if (seconds % 3600 == 0) {
            return plural(seconds / 3600, "hour");
        }
        if (seconds % 60 == 0) {
            return plural(seconds / 60, "minute");
        }
        return plural(seconds, "second");
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }
}
