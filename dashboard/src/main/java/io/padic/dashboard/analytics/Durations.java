package io.padic.dashboard.analytics;

import java.util.Locale;

/** Times between events as people read them: "45 s", "12 min", "3.5 h", "2.1 d". */
public final class Durations {

    private Durations() {
    }

    public static String words(Double seconds) {
        if (seconds == null) {
            return "–";
        }
        double s = seconds;
        if (s < 60) {
            return Math.round(s) + " s";
        }
        if (s < 3600) {
            return Math.round(s / 60) + " min";
        }
        if (s < 86_400) {
            return one(s / 3600) + " h";
        }
        return one(s / 86_400) + " d";
    }

    private static String one(double value) {
        return value >= 10 ? Long.toString(Math.round(value)) : String.format(Locale.ROOT, "%.1f", value);
    }
}
