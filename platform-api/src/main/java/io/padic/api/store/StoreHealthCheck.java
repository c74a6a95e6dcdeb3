package io.padic.api.store;

import com.mongodb.client.MongoClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The store as readiness sees it (it replaces quarkus-mongodb's own check, which goes DOWN). Without the store a
 * process still answers cached reads and tells everyone else 503 store-unavailable with Retry-After
 * (docs/design.md#store-outages); taking every process out of the load balancer would turn both into bare
 * connection errors. So the check stays UP and says which mode the process is in. It reads the driver's view of the
 * cluster, which its monitor keeps, and never waits for the store itself: a probe answers at once.
 */
@Readiness
@ApplicationScoped
public class StoreHealthCheck implements HealthCheck {

    private final MongoClient mongo;
    private final StoreOutage outage;

    public StoreHealthCheck(MongoClient mongo, StoreOutage outage) {
        this.mongo = mongo;
        this.outage = outage;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = !outage.suspected() && mongo.getClusterDescription().hasWritableServer();
        return HealthCheckResponse.named("Store").up()
                .withData("store", up ? "up" : "unreachable")
                .withData("mode", up ? "normal" : "cached reads only")
                .build();
    }
}
