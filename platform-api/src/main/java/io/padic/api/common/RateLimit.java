package io.padic.api.common;

import java.time.Duration;

/** At most {@code attempts} in each {@code window}; the window starts with the first attempt it counts. */
public interface RateLimit {

    int attempts();

    Duration window();
}
