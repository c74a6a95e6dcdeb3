package io.padic.api.analytics.anomalies;

import java.util.Objects;

/**
 * A segment of a series (named by the caller, e.g. {@code meta:country=FR}; the detector never looks inside the
 * name) in the bucket just closed, and in the same buckets as its series' peers, newest first. A segment with fewer
 * peers than its series (it is newer) counts the missing ones as nothing.
 */
public record SegmentObservation(String segment, double actual, double[] peers) {

    public SegmentObservation {
        Objects.requireNonNull(segment, "segment");
        peers = Objects.requireNonNull(peers, "peers").clone();
    }
}
