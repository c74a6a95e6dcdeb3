package io.padic.dashboard.typedclients;

import java.util.Arrays;

/** The languages platform-api writes clients in, as the page offers them. */
public enum Language {
    TYPESCRIPT("typescript", "TypeScript", "padic-events.ts"),
    JAVA("java", "Java", "PadicEvents.java");

    private final String slug;
    private final String label;
    private final String fileName;

    Language(String slug, String label, String fileName) {
        this.slug = slug;
        this.label = label;
        this.fileName = fileName;
    }

    /** The language a query names; TypeScript when it names none (or one there is not). */
    static Language of(String slug) {
        return Arrays.stream(values()).filter(l -> l.slug.equals(slug)).findFirst().orElse(TYPESCRIPT);
    }

    public String slug() {
        return slug;
    }

    public String label() {
        return label;
    }

    public String fileName() {
        return fileName;
    }

    public boolean isJava() {
        return this == JAVA;
    }
}
