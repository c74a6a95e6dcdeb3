package io.padic.api.analytics;

import io.padic.api.store.StoreKeys;
import java.time.ZoneId;

/**
 * The current generation ({@code epoch}) of a project's analytics rollups, the time zone they are counted in, and
 * whether they are still being built from the stored events (docs/design.md#analytics).
 */
record AnalyticsScope(String projectId, long epoch, ZoneId zone, boolean building) {

    /** What every analytics document of this generation is keyed under, in place of the project id. */
    String key() {
        return StoreKeys.analyticsScope(projectId, epoch);
    }
}
