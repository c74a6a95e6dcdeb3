package io.padic.api.store;

import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Counts the commands this process sends to the store, by command name ({@code padic_store_commands_total
 * {command="insert"}} on {@code /q/metrics}): each is one round trip, the cost that write and read paths are
 * tuned against. How long they take, from send to answer, is {@code padic_store_command_seconds{command}}. The
 * Quarkus MongoDB client registers every {@link CommandListener} bean with the driver.
 * Only the command's name is kept; its documents, which hold user data, never reach a metric.
 */
@ApplicationScoped
public class StoreCommandCounter implements CommandListener {

    public static final String METRIC = "padic.store.commands";
    public static final String FENCE_METRIC = "padic.store.fence.commands";
    public static final String TIME_METRIC = "padic.store.command";
    /** The thread of objects/HeadFence's poll. */
    public static final String FENCE_THREAD = "padic-head-fence";
    /** Driver command names are short words; anything else is counted under one name, so tags stay few. */
    private static final Pattern COMMAND_NAME = Pattern.compile("[A-Za-z]{1,40}");

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public StoreCommandCounter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        String name = name(event.getCommandName());
        // The head fence's poll (objects/HeadFence) reads the store twice a second whatever the load: counted apart,
        // so that this metric says what requests and the other jobs cost.
        boolean fence = fencePoll();
        counters.computeIfAbsent(fence ? "fence:" + name : name, key -> Counter.builder(fence ? FENCE_METRIC : METRIC)
                .description(fence ? "Commands the head fence's poll sent to the store, by command name"
                        : "Commands sent to the store (MongoDB round trips), by command name")
                .tag("command", name).register(registry)).increment();
    }

    @Override
    public void commandSucceeded(CommandSucceededEvent event) {
        time(event.getCommandName(), event.getElapsedTime(TimeUnit.NANOSECONDS));
    }

    @Override
    public void commandFailed(CommandFailedEvent event) {
        time(event.getCommandName(), event.getElapsedTime(TimeUnit.NANOSECONDS));
    }

    private void time(String command, long nanos) {
        if (fencePoll()) {
            return;
        }
        timers.computeIfAbsent(name(command), name -> Timer.builder(TIME_METRIC)
                .description("Time from sending a command to the store to its answer, by command name")
                .tag("command", name).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The driver calls listeners on the thread that sends the command. */
    private static boolean fencePoll() {
        return FENCE_THREAD.equals(Thread.currentThread().getName());
    }

    private static String name(String command) {
        return COMMAND_NAME.matcher(command).matches() ? command : "other";
    }
}
