package io.padic.api.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;

/** Sessions, re-authentication and tokens judged by a {@link MovableClock}, with short, round timeouts. */
public class MovableClockProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(MovableClock.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("padic.auth.session-lifetime", "PT2H",
                "padic.auth.session-idle-timeout", "PT30M",
                "padic.auth.session-touch-every", "PT1M",
                "padic.auth.reauth-window", "PT10M");
    }
}
