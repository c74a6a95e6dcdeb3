package io.padic.api.it;

import java.security.SecureRandom;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Runs a property with the seed given in {@value #SEED} (and {@value #TRIES} tries, if given), else with a
 * fresh random seed, and prints the seed before the first try and in a failure's message with the command
 * that replays it. Replaying draws the same histories; the interleaving of concurrent requests may differ.
 */
final class ReplayableSeed implements AroundPropertyHook {

    static final String SEED = "padic.cacheTruth.seed";
    static final String TRIES = "padic.cacheTruth.tries";

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String given = System.getProperty(SEED, "").trim();
        String seed = given.isEmpty() ? Long.toString(new SecureRandom().nextLong()) : given;
        context.attributes().setSeed(seed);
        // Only the seed decides what runs: not a failed sample remembered from an earlier run.
        context.attributes().setAfterFailure(AfterFailureMode.RANDOM_SEED);
        Integer tries = Integer.getInteger(TRIES);
        if (tries != null) {
            context.attributes().setTries(tries);
        }
        String replay = "./mvnw -B -o -pl platform-api verify -Dtest=NoTest -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dit.test=" + context.containerClass().getSimpleName() + " -D" + SEED + "=" + seed;
        System.out.println(context.extendedLabel() + ": seed " + seed + (given.isEmpty() ? "" : " (given)")
                + "; replay with: " + replay);
        PropertyExecutionResult result = property.execute();
        if (result.status() != PropertyExecutionResult.Status.FAILED) {
            return result;
        }
        Throwable cause = result.throwable().orElse(null);
        return result.mapToFailed(new AssertionError("Failed with seed " + seed + " (replay with: " + replay + "): "
                + (cause == null ? "" : cause.getMessage()), cause));
    }
}
