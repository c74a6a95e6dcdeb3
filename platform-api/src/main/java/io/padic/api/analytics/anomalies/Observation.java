package io.padic.api.analytics.anomalies;

import java.util.List;
import java.util.Objects;

/**
 * One series' value in the bucket just closed, beside the same bucket of the previous weeks (same local hour of the
 * week for hourly series, same local weekday for daily ones), newest first; segments likewise.
 */
public record Observation(double actual, double[] peers, List<SegmentObservation> segments) {

    public Observation {
        peers = Objects.requireNonNull(peers, "peers").clone();
        segments = List.copyOf(segments);
    }

    /** A series without segments: a flag then comes with an empty explanation. */
    public Observation(double actual, double... peers) {
        this(actual, peers, List.of());
    }
}
