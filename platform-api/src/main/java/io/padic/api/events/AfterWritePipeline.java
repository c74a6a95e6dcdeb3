package io.padic.api.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.All;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Hands each written group to every {@link AfterWrite} bean in turn. A consumer's failure must not fail a write
 * that is stored: it is logged and counted in {@code padic_after_write_failures_total{consumer=...}}.
 */
@ApplicationScoped
public class AfterWritePipeline {

    private record Consumer(String name, AfterWrite bean, Counter failures) {
    }

    private final List<Consumer> consumers;

    public AfterWritePipeline(@All List<InstanceHandle<AfterWrite>> beans, MeterRegistry registry) {
        // @All lists the beans by @Priority, highest first.
        this.consumers = beans.stream().map(handle -> {
            String name = handle.getBean().getBeanClass().getSimpleName();
            return new Consumer(name, handle.get(), Counter.builder("padic.after.write.failures")
                    .description("Written groups an after-write consumer failed on (the events stay stored)")
                    .tag("consumer", name).register(registry));
        }).toList();
    }

    public void written(WrittenGroup group) {
        if (group.events().isEmpty()) {
            return;
        }
        for (Consumer consumer : consumers) {
            try {
                consumer.bean().accept(group);
            } catch (RuntimeException e) {
                consumer.failures().increment();
                Log.warnf(e, "%d event(s) of project %s from %s on are stored, but after-write consumer %s failed",
                        group.events().size(), group.projectId(), group.events().getFirst().event().eventId(),
                        consumer.name());
            }
        }
    }
}
