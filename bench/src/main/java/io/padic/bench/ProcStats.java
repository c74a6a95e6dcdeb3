package io.padic.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/** Memory and CPU of a process as Linux reports them: {@code /proc/<pid>/status} and the process's CPU time. */
public final class ProcStats {

    private ProcStats() {
    }

    /** Resident set size now ({@code VmRSS}), in KiB; empty where {@code /proc} is not there. */
    static OptionalLong rssKib(long pid) {
        return field(pid, "VmRSS");
    }

    /** The highest resident set size so far ({@code VmHWM}), in KiB. */
    static OptionalLong peakRssKib(long pid) {
        return field(pid, "VmHWM");
    }

    /** User plus system CPU time the process has used so far; zero if the OS does not say. */
    static Duration cpu(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    /**
     * CPU time the whole machine has spent busy (user, nice, system, irq, softirq) since boot, from the first
     * line of {@code /proc/stat}, counted in USER_HZ ticks of 10 ms (Linux's fixed value for user space).
     */
    static Duration machineBusy() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            return Duration.ofMillis(10 * parseBusyTicks(first));
        } catch (IOException | RuntimeException e) {
            return Duration.ZERO;
        }
    }

    /** Busy ticks of a {@code cpu  user nice system idle iowait irq softirq steal ...} line. */
    static long parseBusyTicks(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                + Long.parseLong(f[7]);
    }

    /** The 1-minute load average, as {@code /proc/loadavg} gives it; empty where it cannot be read. */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static OptionalLong field(long pid, String name) {
        try {
            return parseKib(Files.readString(Path.of("/proc", Long.toString(pid), "status")), name);
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** The value of a line such as {@code VmRSS:   153204 kB} in a {@code /proc/<pid>/status} text. */
    static OptionalLong parseKib(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name + ":")) {
                String[] parts = line.substring(name.length() + 1).trim().split("\\s+");
                try {
                    return OptionalLong.of(Long.parseLong(parts[0]));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
