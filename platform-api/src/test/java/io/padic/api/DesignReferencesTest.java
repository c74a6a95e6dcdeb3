package io.padic.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The design document is what code comments cite: every {@code design.md#<heading>} in the repository's sources
 * and docs names a heading of docs/design.md, each invariant I1–I8 has a heading there, and no comment cites
 * the product's design text by section number any more. A plain JUnit test: no application is started.
 */
class DesignReferencesTest {

    private static final Pattern REFERENCE = Pattern.compile("design\\.md#([A-Za-z0-9_-]+)");
    private static final Pattern LOCAL_LINK = Pattern.compile("\\]\\(#([A-Za-z0-9_-]+)\\)");
    /** Written in two parts so that this file does not match itself. */
    private static final Pattern OLD_REFERENCE = Pattern.compile("DESIGN" + "(\\s+§|\\s+I[1-8]\\b|\\.md)");
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", "node_modules", "data", ".mvn");
    private static final Set<String> SCANNED_SUFFIXES = Set.of(".java", ".properties", ".md", ".js", ".ts", ".html",
            ".xml", ".sh", ".yml", ".yaml", ".txt", ".json");

    @Test
    void everyDesignReferenceNamesAHeadingOfTheDesignDocument() throws IOException {
        Path root = repositoryRoot();
        Set<String> anchors = anchors(Files.readAllLines(root.resolve("docs/design.md"), StandardCharsets.UTF_8));
        List<String> broken = new ArrayList<>();
        int found = 0;
        for (Path file : sourceFiles(root)) {
            String text = read(file);
            if (text == null) {
                continue;
            }
            Matcher reference = REFERENCE.matcher(text);
            while (reference.find()) {
                found++;
                if (!anchors.contains(reference.group(1))) {
                    broken.add(root.relativize(file) + ":" + lineOf(text, reference.start()) + " design.md#"
                            + reference.group(1));
                }
            }
            if (file.endsWith(Path.of("docs", "design.md"))) {
                Matcher link = LOCAL_LINK.matcher(text);
                while (link.find()) {
                    if (!anchors.contains(link.group(1))) {
                        broken.add("docs/design.md:" + lineOf(text, link.start()) + " #" + link.group(1));
                    }
                }
            }
        }
        assertTrue(found > 20, "the scan found only " + found + " references; is it looking in the right place?");
        assertEquals(List.of(), broken, "references to headings that docs/design.md does not have");
    }

    @Test
    void eachInvariantHasItsOwnHeading() throws IOException {
        Set<String> anchors = anchors(Files.readAllLines(repositoryRoot().resolve("docs/design.md"),
                StandardCharsets.UTF_8));
        List<String> missing = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            String prefix = "i" + i + "-";
            if (anchors.stream().noneMatch(anchor -> anchor.startsWith(prefix))) {
                missing.add("I" + i);
            }
        }
        assertEquals(List.of(), missing, "invariants without a heading in docs/design.md");
    }

    @Test
    void noCommentCitesTheProductDesignTextBySection() throws IOException {
        Path root = repositoryRoot();
        List<String> old = new ArrayList<>();
        for (Path file : sourceFiles(root)) {
            String text = read(file);
            if (text == null) {
                continue;
            }
            Matcher m = OLD_REFERENCE.matcher(text);
            while (m.find()) {
                old.add(root.relativize(file) + ":" + lineOf(text, m.start()));
            }
        }
        assertEquals(List.of(), old, "cite docs/design.md#<heading> instead");
    }

    /** GitHub's anchors of the headings: lower case, punctuation dropped, spaces as '-', repeats numbered. */
    static Set<String> anchors(List<String> lines) {
        Set<String> anchors = new HashSet<>();
        boolean fenced = false;
        for (String line : lines) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            }
            if (fenced || !line.startsWith("#")) {
                continue;
            }
            String title = line.replaceFirst("^#+\\s*", "").strip();
            String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            String anchor = slug;
            for (int n = 1; !anchors.add(anchor); n++) {
                anchor = slug + "-" + n;
            }
        }
        return anchors;
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docs/design.md"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "no docs/design.md above " + Path.of("").toAbsolutePath());
        return dir;
    }

    private static List<Path> sourceFiles(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return SKIPPED_DIRECTORIES.contains(String.valueOf(dir.getFileName())) ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                String name = file.getFileName().toString();
                if (SCANNED_SUFFIXES.stream().anyMatch(name::endsWith)) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    /** The file's text, or null for a file that is not UTF-8 text. */
    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
