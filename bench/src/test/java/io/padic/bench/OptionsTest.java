package io.padic.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaultsMatchTheDocumentedRun() {
        Options options = Options.parse(List.of());
        assertEquals(8, options.clients());
        assertEquals(Duration.ofSeconds(10), options.measure());
        assertEquals(Duration.ofSeconds(5), options.warmup());
        assertEquals(0, options.requests());
        assertEquals(Options.Store.H2, options.store());
        assertEquals(Options.Threads.PLATFORM, options.threads());
        assertEquals(256, options.objects());
        assertEquals(500, options.batchSize());
        assertEquals(32, options.warmObjects());
        assertEquals(100, options.smallObjectEvents());
        assertEquals(100_000, options.bigObjectEvents());
        assertEquals(3, options.coldReads());
        assertEquals(64, options.snapshotEvery());
        assertEquals(2, options.setupClients());
        assertEquals("/v1/ping", options.trivialPath());
        assertTrue(options.apiJar().isEmpty());
        assertEquals(EnumSet.complementOf(EnumSet.of(Options.Phase.ANALYTICS)), options.phases(),
                "every phase but analytics, which only runs when asked for");
        assertEquals(new Options.Analytics(2000, 10_000, 300_000, 300, 1, 1, "wrk"), options.analytics());
        assertFalse(options.help());
    }

    @Test
    void theAnalyticsPhaseRunsWhenAskedForWithItsSizes() {
        Options options = Options.parse(List.of("--phases", "analytics", "--analytics-objects", "100",
                "--analytics-small-events=500", "--analytics-events", "20000", "--route-requests", "50",
                "--route-clients=2", "--ingest-rounds", "3", "--wrk", "/opt/wrk"));
        assertEquals(Set.of(Options.Phase.ANALYTICS), options.phases());
        assertEquals(new Options.Analytics(100, 500, 20_000, 50, 2, 3, "/opt/wrk"), options.analytics());
    }

    @Test
    void everyAnalyticsObjectGetsAnEvent() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--analytics-objects", "2000",
                "--analytics-small-events", "1999")));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--analytics-objects", "10",
                "--analytics-events", "9")));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--analytics-objects", "1")));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--route-requests", "0")));
    }

    @Test
    void readsSeparateAndInlineValues() {
        Options options = Options.parse(List.of("--clients", "4", "--seconds=3", "--store", "memory",
                "--threads=virtual", "--api-env", "A=b=c", "--api-env=X=1", "--requests", "500",
                "--api-jvm-arg", "-Xmx1g", "--api-jvm-arg=-XX:+UseSerialGC"));
        assertEquals(4, options.clients());
        assertEquals(Duration.ofSeconds(3), options.measure());
        assertEquals(Options.Store.MEMORY, options.store());
        assertEquals(Options.Threads.VIRTUAL, options.threads());
        assertEquals(Map.of("A", "b=c", "X", "1"), options.apiEnv());
        assertEquals(500, options.requests());
        assertEquals(List.of("-Xmx1g", "-XX:+UseSerialGC"), options.apiJvmArgs());
        assertEquals("500 requests", options.budget());
    }

    @Test
    void readsTheLoadToolsSizes() {
        Options options = Options.parse(List.of("--batch-size", "1000", "--warm-objects=4", "--small-object-events",
                "10", "--big-object-events=2000", "--cold-reads", "1", "--snapshot-every", "128", "--setup-clients",
                "3", "--trivial-path", "/q/health/live"));
        assertEquals(1000, options.batchSize());
        assertEquals(4, options.warmObjects());
        assertEquals(10, options.smallObjectEvents());
        assertEquals(2000, options.bigObjectEvents());
        assertEquals(1, options.coldReads());
        assertEquals(128, options.snapshotEvery());
        assertEquals(3, options.setupClients());
        assertEquals("/q/health/live", options.trivialPath());
    }

    @Test
    void aBatchIsNoLargerThanPlatformApiTakes() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--batch-size", "1001")));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--batch-size", "0")));
    }

    @Test
    void theTrivialPathIsAPath() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--trivial-path", "v1/ping")));
    }

    @Test
    void choosesPhases() {
        assertEquals(Set.of(Options.Phase.RAW, Options.Phase.INGEST),
                Options.parse(List.of("--phases", "ingest, raw")).phases());
        assertEquals(Set.of(Options.Phase.APPEND, Options.Phase.AT, Options.Phase.COLD, Options.Phase.REDIS,
                Options.Phase.PING, Options.Phase.BATCH, Options.Phase.READ),
                Options.parse(List.of("--phases", "append,at,cold,redis,ping,batch,read")).phases());
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--phases", "read,write")));
    }

    @Test
    void refusesWhatItCannotRun() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--clients", "0")));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--store", "postgres")));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--seconds")));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--api-env", "novalue")));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--fast")));
    }
}
