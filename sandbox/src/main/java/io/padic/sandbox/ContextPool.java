package io.padic.sandbox;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Idle contexts per reducer set. A context only ever serves the set (project and reducer version) it was
 * built for; sets not used for a while lose their contexts first.
 */
final class ContextPool implements AutoCloseable {

    private final SandboxLimits limits;
    private final Function<ReducerSet, ReducerContext> factory;
    private final LinkedHashMap<String, ArrayDeque<ReducerContext>> idle = new LinkedHashMap<>(16, 0.75f, true);

    ContextPool(SandboxLimits limits, Function<ReducerSet, ReducerContext> factory) {
        this.limits = limits;
        this.factory = factory;
    }

    ReducerContext borrow(ReducerSet set) {
        synchronized (idle) {
            ArrayDeque<ReducerContext> contexts = idle.get(set.key());
            if (contexts != null && !contexts.isEmpty()) {
                return contexts.pop();
            }
        }
        return factory.apply(set);
    }

    void giveBack(ReducerSet set, ReducerContext context) {
        ReducerContext surplus = null;
        synchronized (idle) {
            ArrayDeque<ReducerContext> contexts = idle.computeIfAbsent(set.key(), k -> new ArrayDeque<>());
            if (contexts.size() < limits.contextsPerReducerSet()) {
                contexts.push(context);
            } else {
                surplus = context;
            }
            while (idle.size() > limits.reducerSetsKept()) {
                Iterator<Map.Entry<String, ArrayDeque<ReducerContext>>> eldest = idle.entrySet().iterator();
                eldest.next().getValue().forEach(ReducerContext::close);
                eldest.remove();
            }
        }
        if (surplus != null) {
            surplus.close();
        }
    }

    /** Drops the idle contexts of every set whose key starts with {@code prefix} (a project's old versions). */
    void evict(String prefix) {
        synchronized (idle) {
            idle.entrySet().removeIf(entry -> {
                if (entry.getKey().startsWith(prefix)) {
                    entry.getValue().forEach(ReducerContext::close);
                    return true;
                }
                return false;
            });
        }
    }

    @Override
    public void close() {
        synchronized (idle) {
            idle.values().forEach(contexts -> contexts.forEach(ReducerContext::close));
            idle.clear();
        }
    }
}
