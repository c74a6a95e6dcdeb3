package io.padic.deploy.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/kubernetes: each overlay, rendered on top of the base as {@code kubectl apply -k} would ({@link Kustomize}),
 * reads into the fabric8 Kubernetes model and keeps the rules of {@link ManifestChecks}: probes on SmallRye Health,
 * requests and limits, pinned images, no inline secrets, non-root on a read-only root file system, every variable the
 * services read set ({@link ServiceConfig} derives them from the services' own sources), and custom resources pinned
 * to the versions of the operators that run them.
 */
class KubernetesManifestsTest {

    static final Path ROOT = Path.of(System.getProperty("padic.repo.root", "../..")).toAbsolutePath().normalize();
    static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
    /** Deployment name → the module it runs. */
    static final Map<String, ServiceConfig> SERVICES = Map.of(
            "padic-platform-api", ServiceConfig.of(ROOT, "platform-api"),
            "padic-dashboard", ServiceConfig.of(ROOT, "dashboard"));

    static Stream<String> overlays() {
        return Stream.of("single", "scaled");
    }

    static Manifests overlay(String name) {
        return Manifests.render(KUBERNETES.resolve("overlays").resolve(name));
    }

    @Test
    void theOverlaysAreSingleAndScaled() throws IOException {
        try (Stream<Path> dirs = Files.list(KUBERNETES.resolve("overlays"))) {
            assertEquals(overlays().sorted().toList(), dirs.map(dir -> dir.getFileName().toString()).sorted().toList(),
                    "every overlay is checked here: add a new one to overlays()");
        }
        Manifests single = overlay("single");
        Manifests scaled = overlay("scaled");
        assertEquals(1, single.deployment("padic-platform-api").orElseThrow().getSpec().getReplicas());
        assertTrue(scaled.deployment("padic-platform-api").orElseThrow().getSpec().getReplicas() > 1);
        assertTrue(shards(scaled) > shards(single), "the scaled overlay has more shards than the single one");

        // The patches merge as kustomize merges them: a container's env by name (scaled adds one variable and keeps the
        // base's), a null deletes (single's budgets), a custom resource's list is replaced whole (scaled's replsets).
        Manifests base = Manifests.render(KUBERNETES.resolve("base"));
        List<String> baseEnv = apiEnv(base);
        List<String> scaledEnv = apiEnv(scaled);
        assertEquals(baseEnv, scaledEnv.subList(0, baseEnv.size()));
        assertEquals(List.of("PADIC_CACHE_TTL"), scaledEnv.subList(baseEnv.size(), scaledEnv.size()));
        PodDisruptionBudget singleBudget = single.all(PodDisruptionBudget.class).getFirst();
        assertEquals(null, singleBudget.getSpec().getMinAvailable());
        assertEquals(1, singleBudget.getSpec().getMaxUnavailable().getIntVal());
        assertEquals(1, shards(base));
        assertEquals(3, shards(scaled));
    }

    private static List<String> apiEnv(Manifests manifests) {
        return manifests.deployment("padic-platform-api").orElseThrow().getSpec().getTemplate().getSpec().getContainers()
                .getFirst().getEnv().stream().map(EnvVar::getName).toList();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectReadsIntoTheKubernetesModel(String name) {
        Manifests manifests = overlay(name);
        Map<String, Long> kinds = new TreeMap<>();
        for (HasMetadata object : manifests.objects()) {
            kinds.merge(object.getApiVersion() + " " + object.getKind(), 1L, Long::sum);
            assertEquals("padic", object.getMetadata().getNamespace(), object.getKind() + " " + object.getMetadata().getName());
        }
        assertEquals(Map.of(
                "apps/v1 Deployment", 2L,
                "v1 Service", 2L,
                "autoscaling/v2 HorizontalPodAutoscaler", 2L,
                "policy/v1 PodDisruptionBudget", 2L,
                "v1 ConfigMap", 1L,
                "psmdb.percona.com/v1 PerconaServerMongoDB", 1L,
                "redis.redis.opstreelabs.in/v1beta2 RedisCluster", 1L,
                "k8s.keycloak.org/v2alpha1 Keycloak", 1L), kinds);
        assertEquals(2, manifests.all(Deployment.class).size());
        assertEquals(2, manifests.all(Service.class).size());
        assertEquals(2, manifests.all(HorizontalPodAutoscaler.class).size());
        assertEquals(2, manifests.all(PodDisruptionBudget.class).size());
        assertEquals(1, manifests.all(ConfigMap.class).size());
        assertEquals(List.of(), manifests.remote(), "the overlays fetch nothing; operators are installed apart");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void probesAskSmallRyeHealthWhereTheServiceAnswersIt(String name) {
        assertEquals(List.of(), ManifestChecks.probes(overlay(name), SERVICES));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyPodHasRequestsAndLimits(String name) {
        assertEquals(List.of(), ManifestChecks.resources(overlay(name)));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyImageIsPinned(String name) {
        assertEquals(List.of(), ManifestChecks.images(overlay(name)));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void secretsAreReferencedNeverWritten(String name) {
        assertEquals(List.of(), ManifestChecks.inlineSecrets(overlay(name)));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void podsRunAsNonRootOnAReadOnlyRootFilesystem(String name) {
        assertEquals(List.of(), ManifestChecks.nonRootReadOnly(overlay(name)));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyVariableTheServicesReadIsSet(String name) {
        assertEquals(List.of(), ManifestChecks.environment(overlay(name), SERVICES));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void autoscalersBudgetsAndServicesReachTheirPods(String name) {
        assertEquals(List.of(), ManifestChecks.wiring(overlay(name)));
    }

    /** The variables derived from the sources: the ones this deployment depends on are among them. */
    @Test
    void theVariablesAreDerivedFromTheServicesSources() {
        ServiceConfig api = SERVICES.get("padic-platform-api");
        assertTrue(api.requiredEnv().containsAll(List.of("PADIC_MONGODB_URI", "PADIC_REDIS_URL", "PADIC_AUTH_SECRET_KEY",
                "QUARKUS_HTTP_HOST", "QUARKUS_MANAGEMENT_HOST", "PADIC_MAIL_DASHBOARD_URL")), api.requiredEnv().toString());
        // PadicConfig's mail.dashboardUrl() defaults to http://127.0.0.1:8081: mailed links must name the real address.
        assertTrue(api.loopbackEnv().contains("PADIC_MAIL_DASHBOARD_URL"), api.loopbackEnv().toString());
        ServiceConfig dashboard = SERVICES.get("padic-dashboard");
        assertTrue(dashboard.requiredEnv().containsAll(List.of("PADIC_API_URL", "PADIC_DASHBOARD_SESSION_KEY",
                "QUARKUS_HTTP_HOST")), dashboard.requiredEnv().toString());
        assertEquals(8080, api.healthPort(), "platform-api answers health on its API port, not the management port");
        assertEquals(8081, dashboard.healthPort());
    }

    /** Each rule catches what it is for: the single overlay, broken one way at a time. */
    @Test
    @SuppressWarnings("unchecked")
    void theChecksFindBrokenManifests() {
        assertBroken(ManifestChecks::probes, "readinessProbe is missing",
                container -> container.remove("readinessProbe"));
        assertBroken(ManifestChecks::probes, "answers health on 8080",
                container -> ((Map<String, Object>) ((Map<String, Object>) container.get("livenessProbe")).get("httpGet"))
                        .put("port", "management"));
        assertBroken(manifests -> ManifestChecks.resources(manifests), "memory limit missing",
                container -> ((Map<String, Object>) ((Map<String, Object>) container.get("resources")).get("limits"))
                        .remove("memory"));
        assertBroken(manifests -> ManifestChecks.images(manifests), "is not pinned",
                container -> container.put("image", "padic/platform-api:latest"));
        assertBroken(manifests -> ManifestChecks.images(manifests), "is not pinned",
                container -> container.put("image", "padic/platform-api"));
        assertBroken(manifests -> ManifestChecks.inlineSecrets(manifests), "must come from a Secret",
                container -> env(container).add(Map.of("name", "PADIC_AUTH_SECRET_KEY", "value", "c2VjcmV0")));
        assertBroken(manifests -> ManifestChecks.inlineSecrets(manifests), "URL with credentials",
                container -> env(container).add(Map.of("name", "PADIC_CACHE_URL", "value", "redis://:hunter2@cache:6379")));
        assertBroken(manifests -> ManifestChecks.nonRootReadOnly(manifests), "readOnlyRootFilesystem must be true",
                container -> ((Map<String, Object>) container.get("securityContext")).put("readOnlyRootFilesystem", false));
        assertBroken(ManifestChecks::environment, "PADIC_MONGODB_DATABASE (read by platform-api) is not set",
                container -> env(container).removeIf(variable -> "PADIC_MONGODB_DATABASE".equals(variable.get("name"))));
        assertBroken(ManifestChecks::environment, "QUARKUS_HTTP_HOST=127.0.0.1 is a loopback address",
                container -> env(container).replaceAll(variable -> "QUARKUS_HTTP_HOST".equals(variable.get("name"))
                        ? Map.of("name", "QUARKUS_HTTP_HOST", "value", "127.0.0.1") : variable));
        assertBroken(ManifestChecks::environment, "PADIC_MAIL_DASHBOARD_URL=http://127.0.0.1:8081 is a loopback address",
                container -> env(container).replaceAll(variable -> "PADIC_MAIL_DASHBOARD_URL".equals(variable.get("name"))
                        ? Map.of("name", "PADIC_MAIL_DASHBOARD_URL", "value", "http://127.0.0.1:8081") : variable));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void customResourcesRunOnTheOperatorsTheyArePinnedTo(String name) {
        Manifests manifests = overlay(name);
        Map<String, String> operators = operatorVersions();

        GenericKubernetesResource mongo = manifests.custom("PerconaServerMongoDB").getFirst();
        assertEquals(operators.get("percona-server-mongodb-operator"), ManifestChecks.at(mongo, "spec.crVersion"),
                "the cluster's crVersion is the installed operator's version");
        assertEquals(true, ManifestChecks.at(mongo, "spec.sharding.enabled"), "a sharded cluster (shard keys: deploy/mongodb)");
        assertEquals("disabled", ManifestChecks.at(mongo, "spec.upgradeOptions.apply"),
                "the operator must not upgrade MongoDB by itself: versions change only with these files");
        assertTrue(shards(manifests) >= 1);

        GenericKubernetesResource redis = manifests.custom("RedisCluster").getFirst();
        int masters = ((Number) ManifestChecks.at(redis, "spec.clusterSize")).intValue();
        assertTrue(masters >= 3, "a Redis Cluster needs at least 3 masters");
        String redisImage = (String) ManifestChecks.at(redis, "spec.kubernetesConfig.image");
        assertTrue(redisImage.contains(":v7."), redisImage + " is Redis 7, as clusterVersion says");
        assertEquals("v7", ManifestChecks.at(redis, "spec.clusterVersion"));

        GenericKubernetesResource keycloak = manifests.custom("Keycloak").getFirst();
        assertEquals("quay.io/keycloak/keycloak:" + operators.get("keycloak-k8s-resources"),
                ManifestChecks.at(keycloak, "spec.image"), "Keycloak runs the operator's own version");
    }

    @Test
    void operatorsAreInstalledFromReleases() {
        Map<String, Object> kustomization = Kustomize.parse(KUBERNETES.resolve("operators"));
        List<String> problems = new ArrayList<>();
        for (Object resource : (List<?>) kustomization.get("resources")) {
            if (!Kustomize.isRemote((String) resource) || version((String) resource) == null) {
                problems.add(resource + " names no release");
            }
        }
        for (Object image : (List<?>) kustomization.getOrDefault("images", List.of())) {
            Map<?, ?> override = (Map<?, ?>) image;
            if (!ManifestChecks.pinned(override.get("name") + ":" + override.get("newTag"))) {
                problems.add("image " + override + " is not pinned");
            }
        }
        assertEquals(List.of(), problems);
        Map<String, String> versions = operatorVersions();
        assertEquals(versions.get("redis-operator"), images(kustomization).get("quay.io/opstree/redis-operator"),
                "the redis-operator's image is the release its manifests come from");
    }

    private static final Pattern RELEASE = Pattern.compile("(?:[?&]ref=|/)v?(\\d+\\.\\d+\\.\\d+)(?:/|$)");
    private static final Pattern PROJECT = Pattern.compile("github(?:usercontent)?\\.com/[^/]+/([^/]+)");

    /** The release a remote resource names: {@code ?ref=v1.2.3} or a {@code /v1.2.3/} path segment. */
    private static String version(String url) {
        Matcher release = RELEASE.matcher(url);
        return release.find() ? release.group(1) : null;
    }

    /** Repository name → released version, from the operators' kustomization. */
    private static Map<String, String> operatorVersions() {
        Map<String, String> versions = new TreeMap<>();
        for (Object resource : (List<?>) Kustomize.parse(KUBERNETES.resolve("operators")).get("resources")) {
            Matcher project = PROJECT.matcher((String) resource);
            if (project.find() && version((String) resource) != null) {
                String previous = versions.put(project.group(1), version((String) resource));
                assertTrue(previous == null || previous.equals(version((String) resource)),
                        project.group(1) + " is installed at two versions");
            }
        }
        return versions;
    }

    private static Map<String, String> images(Map<String, Object> kustomization) {
        Map<String, String> tags = new TreeMap<>();
        for (Object image : (List<?>) kustomization.getOrDefault("images", List.of())) {
            Map<?, ?> override = (Map<?, ?>) image;
            tags.put((String) override.get("name"), ((String) override.get("newTag")).replaceFirst("^v", ""));
        }
        return tags;
    }

    private static int shards(Manifests manifests) {
        return ((List<?>) ManifestChecks.at(manifests.custom("PerconaServerMongoDB").getFirst(), "spec.replsets")).size();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> env(Map<String, Object> container) {
        return (List<Map<String, Object>>) container.get("env");
    }

    /** Renders the single overlay, breaks platform-api's container with {@code breakIt}, and expects the check to say so. */
    @SuppressWarnings("unchecked")
    private static void assertBroken(java.util.function.BiFunction<Manifests, Map<String, ServiceConfig>, List<String>> check,
            String expected, java.util.function.Consumer<Map<String, Object>> breakIt) {
        Kustomize.Rendered rendered = Kustomize.render(KUBERNETES.resolve("overlays/single"));
        Map<String, Object> deployment = rendered.objects().stream()
                .filter(object -> "Deployment".equals(object.get("kind"))
                        && "padic-platform-api".equals(((Map<String, Object>) object.get("metadata")).get("name")))
                .findFirst().orElseThrow();
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) deployment.get("spec"))
                .get("template")).get("spec");
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).getFirst();
        // env may be an immutable list once a test replaced items: copy it mutable.
        container.put("env", new ArrayList<>(env(container)));
        breakIt.accept(container);
        List<String> problems = check.apply(Manifests.of("single (broken)", rendered.objects(), rendered.remote()), SERVICES);
        assertFalse(problems.isEmpty(), "the check let a broken manifest pass (expected: " + expected + ")");
        assertTrue(problems.stream().anyMatch(problem -> problem.contains(expected)), expected + " not in " + problems);
    }

    private static void assertBroken(Function<Manifests, List<String>> check, String expected,
            java.util.function.Consumer<Map<String, Object>> breakIt) {
        assertBroken((manifests, services) -> check.apply(manifests), expected, breakIt);
    }
}
