package io.padic.deploy.kubernetes;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization directory as {@code kubectl apply -k} would, for the few kustomize fields PAdic's manifests
 * use (there is no kustomize binary in the build): {@code resources} (files, directories, and remote references, which
 * are only collected), {@code namespace}, and {@code patches} given by {@code path}, applied as strategic merge
 * patches by {@link StrategicMerge}. Any other field fails the rendering, so a manifest cannot use a feature the test
 * would silently skip. The {@code images} field is accepted only where nothing is rendered ({@link #parse}).
 */
final class Kustomize {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> RENDERED_FIELDS = Set.of("apiVersion", "kind", "resources", "namespace", "patches");

    /** The objects of a rendered kustomization, and the remote resources it names (not fetched). */
    record Rendered(List<Map<String, Object>> objects, List<String> remote) {
    }

    private Kustomize() {
    }

    static Rendered render(Path dir) {
        Map<String, Object> kustomization = parse(dir);
        for (String field : kustomization.keySet()) {
            if (!RENDERED_FIELDS.contains(field)) {
                throw new AssertionError(dir.resolve("kustomization.yaml") + " uses '" + field + "', which the test's "
                        + "renderer does not apply (it knows " + RENDERED_FIELDS + "); teach Kustomize the field first");
            }
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        List<String> remote = new ArrayList<>();
        for (String resource : strings(kustomization.get("resources"), dir, "resources")) {
            if (isRemote(resource)) {
                remote.add(resource);
                continue;
            }
            Path path = dir.resolve(resource).normalize();
            if (Files.isDirectory(path)) {
                Rendered nested = render(path);
                objects.addAll(nested.objects());
                remote.addAll(nested.remote());
            } else {
                objects.addAll(documents(path));
            }
        }
        Object patches = kustomization.get("patches");
        if (patches != null) {
            for (Object entry : (List<?>) patches) {
                if (!(entry instanceof Map<?, ?> patchEntry) || patchEntry.size() != 1 || !patchEntry.containsKey("path")) {
                    throw new AssertionError(dir + ": only patches of the form '- path: FILE' are rendered, found " + entry);
                }
                Path file = dir.resolve((String) patchEntry.get("path"));
                List<Map<String, Object>> patchDocuments = documents(file);
                if (patchDocuments.size() != 1) {
                    throw new AssertionError(file + " must hold exactly one patch (one file per patched object)");
                }
                apply(objects, patchDocuments.get(0), file);
            }
        }
        Object namespace = kustomization.get("namespace");
        if (namespace != null) {
            for (Map<String, Object> object : objects) {
                StrategicMerge.map(object, "metadata").put("namespace", namespace);
            }
        }
        return new Rendered(objects, remote);
    }

    /** The kustomization.yaml of {@code dir}, as written. */
    static Map<String, Object> parse(Path dir) {
        List<Map<String, Object>> documents = documents(dir.resolve("kustomization.yaml"));
        if (documents.size() != 1) {
            throw new AssertionError(dir + "/kustomization.yaml must hold one document");
        }
        return documents.get(0);
    }

    /** Every YAML document of a file, as maps (a {@code null} member stays, as a patch's deletion). */
    static List<Map<String, Object>> documents(Path file) {
        try (MappingIterator<Map<String, Object>> values = YAML.readerForMapOf(Object.class).readValues(file.toFile())) {
            List<Map<String, Object>> documents = new ArrayList<>();
            while (values.hasNext()) {
                Map<String, Object> document = values.next();
                if (document != null && !document.isEmpty()) {
                    documents.add(document);
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static boolean isRemote(String resource) {
        return resource.contains("://") || resource.startsWith("github.com/");
    }

    private static void apply(List<Map<String, Object>> objects, Map<String, Object> patch, Path file) {
        String apiVersion = (String) patch.get("apiVersion");
        String kind = (String) patch.get("kind");
        String name = (String) StrategicMerge.map(patch, "metadata").get("name");
        for (Map<String, Object> object : objects) {
            if (apiVersion.equals(object.get("apiVersion")) && kind.equals(object.get("kind"))
                    && name.equals(StrategicMerge.map(object, "metadata").get("name"))) {
                StrategicMerge.apply(object, patch, StrategicMerge.isBuiltIn(apiVersion));
                return;
            }
        }
        throw new AssertionError(file + " patches " + apiVersion + " " + kind + " " + name + ", which is not among the resources");
    }

    private static List<String> strings(Object value, Path dir, String field) {
        if (value == null) {
            return List.of();
        }
        List<String> strings = new ArrayList<>();
        for (Object item : (List<?>) value) {
            if (!(item instanceof String string)) {
                throw new AssertionError(dir + ": " + field + " holds " + item + ", not a path");
            }
            strings.add(string);
        }
        return strings;
    }
}
