package io.padic.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One overlay rendered and read into the fabric8 Kubernetes model: built-in kinds as their typed classes (a field the
 * model does not know is an error, as the API server's strict decoding would make it), custom resources as
 * {@link GenericKubernetesResource}.
 */
record Manifests(String name, List<HasMetadata> objects, List<String> remote) {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static Manifests render(Path kustomizationDir) {
        Kustomize.Rendered rendered = Kustomize.render(kustomizationDir);
        return of(kustomizationDir.getFileName().toString(), rendered.objects(), rendered.remote());
    }

    /** Reads rendered objects (maps, as from YAML) into the model; fails on any field a built-in kind does not have. */
    static Manifests of(String name, List<Map<String, Object>> rendered, List<String> remote) {
        List<HasMetadata> objects = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Map<String, Object> object : rendered) {
            HasMetadata parsed = SERIALIZATION.unmarshal(SERIALIZATION.asJson(object));
            if (!(parsed instanceof GenericKubernetesResource)) {
                unknownFields(parsed, parsed.getKind() + " " + parsed.getMetadata().getName(), unknown);
            }
            objects.add(parsed);
        }
        if (!unknown.isEmpty()) {
            throw new AssertionError(name + ": fields the Kubernetes API does not know: " + unknown);
        }
        return new Manifests(name, List.copyOf(objects), List.copyOf(remote));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(resource -> resource.getKind().equals(kind)).toList();
    }

    Optional<Deployment> deployment(String name) {
        return all(Deployment.class).stream().filter(deployment -> deployment.getMetadata().getName().equals(name)).findFirst();
    }

    /** The {@code additionalProperties} the model's Jackson binding put aside: fields it has no property for. */
    private static void unknownFields(Object value, String path, List<String> unknown) {
        if (value == null || !value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            if (value instanceof Collection<?> items) {
                int index = 0;
                for (Object item : items) {
                    unknownFields(item, path + "[" + index++ + "]", unknown);
                }
            } else if (value instanceof Map<?, ?> map) {
                map.forEach((key, item) -> unknownFields(item, path + "." + key, unknown));
            }
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object property;
            try {
                property = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (property instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else {
                String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
                unknownFields(property, path + "." + field, unknown);
            }
        }
    }
}
