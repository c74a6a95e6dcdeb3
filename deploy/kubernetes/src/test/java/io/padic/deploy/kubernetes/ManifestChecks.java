package io.padic.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The rules every rendered overlay keeps, each returning what breaks it (empty: kept), so that a test can also show a
 * rule catching a broken manifest. Workloads are the Deployments; custom resources are walked as maps.
 */
final class ManifestChecks {

    static final Set<String> SECRET_WORDS = Set.of("PASSWORD", "SECRET", "KEY", "TOKEN");
    /** scheme://user:password@ or scheme://:password@ */
    private static final Pattern CREDENTIALS_IN_URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/@\\s]*:[^/@\\s]+@");
    /** repository:tag or repository@sha256:digest, the tag not "latest". */
    private static final Pattern PINNED_IMAGE = Pattern.compile("[^\\s:@]+(?::[0-9]+)?/?[^\\s:@]*(:(?!latest$)[\\w][\\w.-]{0,127})?(@sha256:[0-9a-f]{64})?");
    /** Keys under which a custom resource holds persistent volume claims: their {@code resources} are storage sizes. */
    private static final Set<String> VOLUME_KEYS = Set.of("volumeSpec", "persistentVolumeClaim", "volumeClaimTemplate",
            "nodeConfVolumeClaimTemplate", "storage");

    private ManifestChecks() {
    }

    /** Readiness and liveness (and startup, if any) ask SmallRye Health on the port it answers on. */
    static List<String> probes(Manifests manifests, Map<String, ServiceConfig> services) {
        List<String> problems = new ArrayList<>();
        for (Deployment deployment : manifests.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            ServiceConfig service = services.get(name);
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                String where = name + "/" + container.getName();
                if (service == null) {
                    problems.add(where + ": no service module is known for this Deployment");
                    continue;
                }
                probe(problems, where + " readinessProbe", container.getReadinessProbe(), container, service, "ready", true);
                probe(problems, where + " livenessProbe", container.getLivenessProbe(), container, service, "live", true);
                probe(problems, where + " startupProbe", container.getStartupProbe(), container, service, "started", false);
            }
        }
        return problems;
    }

    private static void probe(List<String> problems, String where, Probe probe, Container container, ServiceConfig service,
            String check, boolean required) {
        if (probe == null) {
            if (required) {
                problems.add(where + " is missing");
            }
            return;
        }
        HTTPGetAction get = probe.getHttpGet();
        if (get == null) {
            problems.add(where + " is not an HTTP GET of SmallRye Health");
            return;
        }
        String path = service.healthRoot() + "/" + check;
        if (!path.equals(get.getPath())) {
            problems.add(where + " asks " + get.getPath() + ", expected " + path);
        }
        Integer port = get.getPort().getIntVal();
        if (port == null) {
            port = container.getPorts() == null ? null : container.getPorts().stream()
                    .filter(candidate -> get.getPort().getStrVal().equals(candidate.getName()))
                    .map(ContainerPort::getContainerPort).findFirst().orElse(null);
        }
        if (!Objects.equals(port, service.healthPort())) {
            problems.add(where + " asks port " + get.getPort() + " (" + port + "), but " + service.module()
                    + " answers health on " + service.healthPort());
        }
    }

    /** cpu and memory requested and limited, the request within the limit; custom resources' pods too. */
    static List<String> resources(Manifests manifests) {
        List<String> problems = new ArrayList<>();
        for (Deployment deployment : manifests.all(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream()).forEach(container ->
                    resourceRequirements(problems, deployment.getMetadata().getName() + "/" + container.getName(),
                            container.getResources() == null ? null : container.getResources().getRequests(),
                            container.getResources() == null ? null : container.getResources().getLimits()));
        }
        for (GenericKubernetesResource resource : manifests.all(GenericKubernetesResource.class)) {
            List<String> found = new ArrayList<>();
            walk(resource.getAdditionalProperties().get("spec"), resource.getKind() + ".spec", (path, key, value) -> {
                if (key.equals("resources") && value instanceof Map<?, ?> requirements && !underVolume(path)) {
                    found.add(path);
                    resourceRequirements(problems, path, quantities(requirements.get("requests")),
                            quantities(requirements.get("limits")));
                }
            });
            if (found.isEmpty()) {
                problems.add(resource.getKind() + " " + resource.getMetadata().getName() + " sets no resources for its pods");
            }
        }
        return problems;
    }

    private static void resourceRequirements(List<String> problems, String where, Map<String, Quantity> requests,
            Map<String, Quantity> limits) {
        for (String resource : List.of("cpu", "memory")) {
            Quantity request = requests == null ? null : requests.get(resource);
            Quantity limit = limits == null ? null : limits.get(resource);
            if (request == null || limit == null) {
                problems.add(where + ": " + resource + (request == null ? " request" : "") + (limit == null ? " limit" : "")
                        + " missing");
            } else if (request.getNumericalAmount().compareTo(limit.getNumericalAmount()) > 0) {
                problems.add(where + ": " + resource + " request " + request + " above its limit " + limit);
            }
        }
    }

    /** Every image names a tag other than latest, or a digest; in workloads and anywhere in a custom resource. */
    static List<String> images(Manifests manifests) {
        List<String> problems = new ArrayList<>();
        for (Deployment deployment : manifests.all(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream()).forEach(container ->
                    image(problems, deployment.getMetadata().getName() + "/" + container.getName(), container.getImage()));
        }
        for (GenericKubernetesResource resource : manifests.all(GenericKubernetesResource.class)) {
            walk(resource.getAdditionalProperties().get("spec"), resource.getKind() + ".spec", (path, key, value) -> {
                if (key.equals("image")) {
                    image(problems, path, value instanceof String string ? string : null);
                }
            });
        }
        return problems;
    }

    static boolean pinned(String image) {
        if (image == null || image.isBlank() || image.endsWith(":latest") || image.contains(":latest@")) {
            return false;
        }
        String afterRegistry = image.substring(image.lastIndexOf('/') + 1);
        return (afterRegistry.contains(":") || image.contains("@sha256:")) && PINNED_IMAGE.matcher(image).matches();
    }

    private static void image(List<String> problems, String where, String image) {
        if (!pinned(image)) {
            problems.add(where + ": image " + image + " is not pinned to a tag (other than latest) or a digest");
        }
    }

    /**
     * No secret in the manifests: a variable named like a secret comes from a Secret by reference, no value holds a URL
     * with credentials, no Secret object carries data, no custom resource writes a password.
     */
    static List<String> inlineSecrets(Manifests manifests) {
        List<String> problems = new ArrayList<>();
        for (Deployment deployment : manifests.all(Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                String where = deployment.getMetadata().getName() + "/" + container.getName();
                for (EnvVar env : container.getEnv()) {
                    boolean secretName = SECRET_WORDS.stream().anyMatch(word -> env.getName().toUpperCase().contains(word));
                    boolean byReference = env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null;
                    if (secretName && !byReference) {
                        problems.add(where + ": " + env.getName() + " must come from a Secret (valueFrom.secretKeyRef)");
                    }
                    if (env.getValue() != null && CREDENTIALS_IN_URL.matcher(env.getValue()).find()) {
                        problems.add(where + ": " + env.getName() + " holds a URL with credentials; put it in a Secret");
                    }
                }
                if (container.getEnvFrom() != null && !container.getEnvFrom().isEmpty()) {
                    problems.add(where + ": envFrom hides which variables are set; name each one");
                }
            }
        }
        for (Secret secret : manifests.all(Secret.class)) {
            if (!isEmpty(secret.getData()) || !isEmpty(secret.getStringData())) {
                problems.add("Secret " + secret.getMetadata().getName() + " carries values in the manifests");
            }
        }
        for (GenericKubernetesResource resource : manifests.all(GenericKubernetesResource.class)) {
            walk(resource.getAdditionalProperties().get("spec"), resource.getKind() + ".spec", (path, key, value) -> {
                if (key.toLowerCase().contains("password") && value instanceof String) {
                    problems.add(path + ": a password written in the resource; reference a Secret");
                }
            });
        }
        return problems;
    }

    /** Pods run as a non-root user, every container on a read-only root file system with /tmp on an emptyDir. */
    static List<String> nonRootReadOnly(Manifests manifests) {
        List<String> problems = new ArrayList<>();
        for (Deployment deployment : manifests.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            PodSecurityContext podContext = pod.getSecurityContext();
            if (podContext == null || !Boolean.TRUE.equals(podContext.getRunAsNonRoot())
                    || podContext.getRunAsUser() == null || podContext.getRunAsUser() == 0) {
                problems.add(name + ": the pod must set runAsNonRoot: true and a runAsUser other than 0");
            }
            Set<String> emptyDirs = new TreeSet<>();
            for (Volume volume : pod.getVolumes()) {
                if (volume.getEmptyDir() != null) {
                    emptyDirs.add(volume.getName());
                }
            }
            for (Container container : pod.getContainers()) {
                String where = name + "/" + container.getName();
                SecurityContext context = container.getSecurityContext();
                if (context == null || !Boolean.TRUE.equals(context.getReadOnlyRootFilesystem())) {
                    problems.add(where + ": readOnlyRootFilesystem must be true");
                }
                if (context == null || !Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
                    problems.add(where + ": allowPrivilegeEscalation must be false");
                }
                if (context != null && context.getRunAsUser() != null && context.getRunAsUser() == 0) {
                    problems.add(where + ": runs as root");
                }
                boolean tmp = container.getVolumeMounts().stream().map(VolumeMount::getMountPath).anyMatch("/tmp"::equals)
                        && container.getVolumeMounts().stream().filter(mount -> "/tmp".equals(mount.getMountPath()))
                                .allMatch(mount -> emptyDirs.contains(mount.getName()));
                if (!tmp) {
                    problems.add(where + ": /tmp must be an emptyDir (the root file system is read-only)");
                }
            }
        }
        return problems;
    }

    /** Each variable the service reads is set, and none that must leave the loopback default names a loopback address. */
    static List<String> environment(Manifests manifests, Map<String, ServiceConfig> services) {
        List<String> problems = new ArrayList<>();
        services.forEach((deploymentName, service) -> {
            Deployment deployment = manifests.deployment(deploymentName).orElse(null);
            if (deployment == null) {
                problems.add("no Deployment " + deploymentName + " for " + service.module());
                return;
            }
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                Map<String, EnvVar> env = new java.util.HashMap<>();
                container.getEnv().forEach(variable -> env.put(variable.getName(), variable));
                for (String name : service.requiredEnv()) {
                    EnvVar variable = env.get(name);
                    if (variable == null || (variable.getValue() == null && variable.getValueFrom() == null)) {
                        problems.add(deploymentName + "/" + container.getName() + ": " + name + " (read by "
                                + service.module() + ") is not set");
                    } else if (service.loopbackEnv().contains(name) && variable.getValue() != null
                            && ServiceConfig.isLoopback(variable.getValue())) {
                        problems.add(deploymentName + "/" + container.getName() + ": " + name + "=" + variable.getValue()
                                + " is a loopback address, unreachable from other pods");
                    }
                }
            }
        });
        return problems;
    }

    /**
     * Autoscalers, budgets and Services reach what they are for: each HPA scales an existing Deployment between 1 ≤ min ≤
     * max; each budget's and Service's selector matches a Deployment's pods, a Service's target ports are the pods' own.
     */
    static List<String> wiring(Manifests manifests) {
        List<String> problems = new ArrayList<>();
        for (HorizontalPodAutoscaler hpa : manifests.all(HorizontalPodAutoscaler.class)) {
            String name = "HorizontalPodAutoscaler " + hpa.getMetadata().getName();
            CrossVersionObjectReference target = hpa.getSpec().getScaleTargetRef();
            if (!"Deployment".equals(target.getKind()) || manifests.deployment(target.getName()).isEmpty()) {
                problems.add(name + " scales " + target.getKind() + " " + target.getName() + ", which is not here");
            }
            Integer min = hpa.getSpec().getMinReplicas();
            if (min == null || min < 1 || min > hpa.getSpec().getMaxReplicas()) {
                problems.add(name + ": needs 1 <= minReplicas <= maxReplicas, has " + min + ".." + hpa.getSpec().getMaxReplicas());
            }
            manifests.deployment(target.getName()).ifPresent(deployment -> {
                Integer replicas = deployment.getSpec().getReplicas();
                if (replicas == null || min == null || replicas < min || replicas > hpa.getSpec().getMaxReplicas()) {
                    problems.add(name + ": the Deployment's replicas (" + replicas + ") lie outside its range");
                }
            });
        }
        for (PodDisruptionBudget budget : manifests.all(PodDisruptionBudget.class)) {
            Map<String, String> selector = budget.getSpec().getSelector().getMatchLabels();
            List<Deployment> matched = selected(manifests, selector);
            if (matched.isEmpty()) {
                problems.add("PodDisruptionBudget " + budget.getMetadata().getName() + " selects no Deployment's pods");
            }
            Integer minAvailable = budget.getSpec().getMinAvailable() == null ? null
                    : budget.getSpec().getMinAvailable().getIntVal();
            for (Deployment deployment : matched) {
                Integer replicas = deployment.getSpec().getReplicas();
                if (minAvailable != null && replicas != null && minAvailable >= replicas) {
                    problems.add("PodDisruptionBudget " + budget.getMetadata().getName() + ": minAvailable " + minAvailable
                            + " with " + replicas + " replica(s) blocks every node drain");
                }
            }
        }
        for (Service service : manifests.all(Service.class)) {
            List<Deployment> matched = selected(manifests, service.getSpec().getSelector());
            if (matched.isEmpty()) {
                problems.add("Service " + service.getMetadata().getName() + " selects no Deployment's pods");
            }
            for (ServicePort port : service.getSpec().getPorts()) {
                for (Deployment deployment : matched) {
                    boolean known = deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                            .flatMap(container -> container.getPorts().stream())
                            .anyMatch(containerPort -> port.getTargetPort().getStrVal() != null
                                    ? port.getTargetPort().getStrVal().equals(containerPort.getName())
                                    : port.getTargetPort().getIntVal().equals(containerPort.getContainerPort()));
                    if (!known) {
                        problems.add("Service " + service.getMetadata().getName() + " targets port " + port.getTargetPort()
                                + ", which " + deployment.getMetadata().getName() + "'s containers do not expose");
                    }
                }
            }
        }
        return problems;
    }

    private static List<Deployment> selected(Manifests manifests, Map<String, String> selector) {
        if (selector == null || selector.isEmpty()) {
            return List.of();
        }
        return manifests.all(Deployment.class).stream()
                .filter(deployment -> deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                        .containsAll(selector.entrySet()))
                .toList();
    }

    /** A member of a custom resource by its dot-separated path ({@code spec.sharding.enabled}), or null. */
    static Object at(GenericKubernetesResource resource, String path) {
        Object value = resource.getAdditionalProperties();
        for (String step : path.split("\\.")) {
            value = value instanceof Map<?, ?> map ? map.get(step) : null;
        }
        return value;
    }

    private static boolean underVolume(String path) {
        for (String key : VOLUME_KEYS) {
            if (path.contains("." + key + ".") || path.contains("." + key + "[")) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Quantity> quantities(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return null;
        }
        Map<String, Quantity> quantities = new java.util.HashMap<>();
        map.forEach((key, amount) -> quantities.put((String) key, new Quantity(String.valueOf(amount))));
        return quantities;
    }

    private static boolean isEmpty(Map<?, ?> map) {
        return map == null || map.isEmpty();
    }

    interface Visitor {
        void visit(String path, String key, Object value);
    }

    /** Calls the visitor for every member of every map in a tree of maps and lists. */
    static void walk(Object node, String path, Visitor visitor) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                String childPath = path + "." + key;
                visitor.visit(childPath, (String) key, value);
                walk(value, childPath, visitor);
            });
        } else if (node instanceof List<?> list) {
            for (int index = 0; index < list.size(); index++) {
                walk(list.get(index), path + "[" + index + "]", visitor);
            }
        }
    }
}
