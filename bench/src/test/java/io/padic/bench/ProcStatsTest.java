package io.padic.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcStatsTest {

    private static final String STATUS = """
            Name:\tjava
            VmPeak:\t 5215904 kB
            VmHWM:\t  171236 kB
            VmRSS:\t  153204 kB
            Threads:\t42
            """;

    @Test
    void readsKibFieldsOfProcStatus() {
        assertEquals(OptionalLong.of(153204), ProcStats.parseKib(STATUS, "VmRSS"));
        assertEquals(OptionalLong.of(171236), ProcStats.parseKib(STATUS, "VmHWM"));
        assertTrue(ProcStats.parseKib(STATUS, "VmSwap").isEmpty());
    }

    @Test
    void countsBusyTicksWithoutIdleIowaitOrSteal() {
        // user nice system idle iowait irq softirq steal
        assertEquals(1 + 2 + 3 + 6 + 7, ProcStats.parseBusyTicks("cpu  1 2 3 4 5 6 7 8 0 0"));
    }

    @Test
    void findsThisProcessWhereProcExists() {
        long self = ProcessHandle.current().pid();
        if (Files.isDirectory(Path.of("/proc", Long.toString(self)))) {
            assertTrue(ProcStats.rssKib(self).orElse(0) > 0);
        }
    }
}
