package io.padic.api.limits;

import java.time.Duration;

/** At most {@code attempts} in each {@code window}; the window starts with the first attempt it counts. */
public interface RateLimit {

    int attempts();

    Duration window();

    /** "10 in 15 minutes", for answers that name the limit. */
    default String describe() {
        return attempts() + " in " + Waits.describe(window());
    }
}
