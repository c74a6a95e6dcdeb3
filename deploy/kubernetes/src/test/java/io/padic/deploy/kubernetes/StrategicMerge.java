package io.padic.deploy.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of kustomize's strategic merge patch that PAdic's overlays use. Maps merge key by key and a {@code null}
 * member deletes the key. Lists: on built-in kinds (core, apps, autoscaling, policy) a list whose items all carry a
 * {@code name} (containers, env, volumes) merges item by item on it, as the Kubernetes schema says for those lists;
 * every other list, and every list of a custom resource (kustomize has no schema for it, so it merges as a JSON merge
 * patch), is replaced whole. {@code $patch} directives are refused.
 */
final class StrategicMerge {

    private StrategicMerge() {
    }

    /** A built-in group: {@code v1} or {@code group/version} where the group has no dot ({@code apps/v1}). */
    static boolean isBuiltIn(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 || !apiVersion.substring(0, slash).contains(".");
    }

    static void apply(Map<String, Object> target, Map<String, Object> patch, boolean builtIn) {
        for (Map.Entry<String, Object> entry : patch.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            if (key.startsWith("$")) {
                throw new AssertionError("patch directive " + key + " is not rendered by the test");
            }
            Object current = target.get(key);
            if (value == null) {
                target.remove(key);
            } else if (value instanceof Map<?, ?> patchMap && current instanceof Map<?, ?> currentMap) {
                apply(cast(currentMap), cast(patchMap), builtIn);
            } else if (builtIn && value instanceof List<?> patchList && current instanceof List<?> currentList
                    && allNamed(patchList) && allNamed(currentList)) {
                target.put(key, mergeByName(currentList, patchList));
            } else {
                target.put(key, copy(value));
            }
        }
    }

    /** The map under {@code key}, made if missing. */
    static Map<String, Object> map(Map<String, Object> object, String key) {
        Object value = object.get(key);
        if (value == null) {
            Map<String, Object> made = new LinkedHashMap<>();
            object.put(key, made);
            return made;
        }
        return cast((Map<?, ?>) value);
    }

    private static List<Object> mergeByName(List<?> current, List<?> patch) {
        List<Object> merged = new ArrayList<>(current);
        for (Object item : patch) {
            Map<String, Object> patchItem = cast((Map<?, ?>) item);
            Map<String, Object> existing = null;
            for (Object candidate : merged) {
                if (patchItem.get("name").equals(((Map<?, ?>) candidate).get("name"))) {
                    existing = cast((Map<?, ?>) candidate);
                }
            }
            if (existing == null) {
                merged.add(copy(patchItem));
            } else {
                apply(existing, patchItem, true);
            }
        }
        return merged;
    }

    private static boolean allNamed(List<?> list) {
        return !list.isEmpty() && list.stream().allMatch(item -> item instanceof Map<?, ?> map && map.get("name") != null);
    }

    private static Object copy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copied = new LinkedHashMap<>();
            map.forEach((key, item) -> copied.put((String) key, copy(item)));
            return copied;
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list.stream().map(StrategicMerge::copy).toList());
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
