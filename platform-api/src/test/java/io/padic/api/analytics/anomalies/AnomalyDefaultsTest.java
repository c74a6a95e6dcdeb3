package io.padic.api.analytics.anomalies;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.padic.api.common.PadicConfig;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's flag delay, one bucket + 5 minutes at most: a bucket is checked by the first run of the check after it
 * closes and settles ({@code AnalyticsAnomaliesTest.anHourIsFlaggedByTheFirstCheckAfterItCloses}), so with the
 * shipped defaults a flag comes at most settle + check-every after its bucket ends.
 */
class AnomalyDefaultsTest {

    private static String defaultOf(String method) throws NoSuchMethodException {
        return PadicConfig.Analytics.Anomalies.class.getMethod(method).getAnnotation(WithDefault.class).value();
    }

    @Test
    void theDefaultsFlagWithinFiveMinutesOfABucketClosing() throws Exception {
        Duration settle = Duration.parse(defaultOf("settle"));
        String every = defaultOf("checkEvery");
        assertTrue(every.endsWith("s"), "check-every in seconds: " + every);
        Duration checkEvery = Duration.ofSeconds(Long.parseLong(every.substring(0, every.length() - 1)));
        Duration latest = settle.plus(checkEvery);
        assertTrue(latest.compareTo(Duration.ofMinutes(4)) <= 0, "a flag may come " + latest + " after its bucket");
    }
}
