package io.padic.api.support;

import io.padic.embedded.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Redis Cluster of six {@code redis-server} processes on loopback (3 masters, 3 replicas), made with
 * {@code redis-cli --cluster create}, without persistence. A node can be killed with SIGKILL to see its replica take
 * over. Needs {@code redis-server} and {@code redis-cli} (Redis 7) on PATH.
 */
public final class RedisCluster implements AutoCloseable {

    /** Short, so that a killed master's replica takes over within about 2 s. */
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final int NODES = 6;

    /** One node: its client port, its process and its directory. */
    private record Node(int port, Process process, Path dir) {
    }

    /** A node as {@code CLUSTER NODES} lists it. */
    public record NodeView(String id, int port, boolean master, boolean failed, List<int[]> slots) {

        boolean serves(int slot) {
            return slots.stream().anyMatch(range -> range[0] <= slot && slot <= range[1]);
        }
    }

    private final List<Node> nodes;
    private final Path dir;

    private RedisCluster(List<Node> nodes, Path dir) {
        this.nodes = nodes;
        this.dir = dir;
    }

    /** Starts six nodes, joins them into one cluster and returns once every slot is served and replicated. */
    public static RedisCluster start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("padic-redis-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Node> nodes = new ArrayList<>();
        RedisCluster cluster = new RedisCluster(nodes, dir);
        try {
            for (int i = 0; i < NODES; i++) {
                nodes.add(launch(dir.resolve("node" + i)));
            }
            for (Node node : nodes) {
                cluster.await("node " + node.port() + " answers", () -> "PONG".equals(cluster.tryCli(node.port(),
                        "PING").trim()));
            }
            List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            nodes.forEach(node -> command.add("127.0.0.1:" + node.port()));
            command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            run(command);
            cluster.await("every node says cluster_state:ok", () -> cluster.live().stream()
                    .allMatch(node -> cluster.tryCli(node.port(), "CLUSTER", "INFO").contains("cluster_state:ok")));
            cluster.await("every master has its replica in sync", () -> cluster.live().stream()
                    .map(node -> cluster.tryCli(node.port(), "INFO", "replication"))
                    .filter(info -> info.contains("role:master"))
                    .allMatch(info -> info.contains("connected_slaves:1") && info.contains("state=online")));
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private static Node launch(Path dir) {
        int port = FreePorts.find();
        int busPort = FreePorts.find();
        try {
            Files.createDirectories(dir);
            Process process = new ProcessBuilder("redis-server",
                    "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--cluster-enabled", "yes", "--cluster-port", Integer.toString(busPort),
                    "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", Long.toString(NODE_TIMEOUT.toMillis()),
                    // A replica may always take over, however long since it last heard its master.
                    "--cluster-replica-validity-factor", "0",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
            return new Node(port, process, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run redis-server (Redis 7 must be on PATH)", e);
        }
    }

    /** {@code quarkus.redis.hosts}: every node, comma-separated. */
    public String hosts() {
        return nodes.stream().map(node -> "redis://127.0.0.1:" + node.port()).collect(Collectors.joining(","));
    }

    /** The nodes whose process runs. */
    public List<Integer> livePorts() {
        return live().stream().map(Node::port).toList();
    }

    private List<Node> live() {
        return nodes.stream().filter(node -> node.process().isAlive()).toList();
    }

    /** The slot of a key, as the cluster computes it (hash tags included). */
    public int slot(String key) {
        return Integer.parseInt(cli(livePorts().getFirst(), "CLUSTER", "KEYSLOT", key).trim());
    }

    /** The cluster as a live node sees it. */
    public List<NodeView> view() {
        List<NodeView> view = new ArrayList<>();
        for (String line : cli(livePorts().getFirst(), "CLUSTER", "NODES").split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts.length < 8) {
                continue;
            }
            int port = Integer.parseInt(parts[1].substring(parts[1].lastIndexOf(':') + 1, parts[1].indexOf('@')));
            List<int[]> slots = new ArrayList<>();
            for (int i = 8; i < parts.length; i++) {
                if (parts[i].startsWith("[")) {
                    continue; // a slot being migrated
                }
                String[] range = parts[i].split("-");
                slots.add(new int[] {Integer.parseInt(range[0]), Integer.parseInt(range[range.length - 1])});
            }
            view.add(new NodeView(parts[0], port, parts[2].contains("master"), parts[2].contains("fail"), slots));
        }
        return view;
    }

    /** The port of the master that serves {@code key}'s slot now. */
    public int masterOf(String key) {
        int slot = slot(key);
        return view().stream().filter(node -> node.master() && !node.failed() && node.serves(slot))
                .findFirst().orElseThrow(() -> new IllegalStateException("no master serves slot " + slot)).port();
    }

    /** How many keys each live master holds, by port. */
    public Map<Integer, Long> keysPerMaster() {
        Map<Integer, Long> keys = new TreeMap<>();
        for (NodeView node : view()) {
            if (node.master() && !node.failed()) {
                keys.put(node.port(), Long.parseLong(cli(node.port(), "DBSIZE").trim()));
            }
        }
        return keys;
    }

    /** Empties every master (the replicas follow). */
    public void flushAll() {
        view().stream().filter(node -> node.master() && !node.failed()).forEach(node -> cli(node.port(), "FLUSHALL"));
    }

    /** Kills the node with SIGKILL, as a crash would: no goodbye to the cluster. */
    public void kill(int port) {
        Node node = nodes.stream().filter(n -> n.port() == port).findFirst().orElseThrow();
        node.process().destroyForcibly();
        try {
            node.process().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the killed node's slots are served by another master and the cluster is whole again. */
    public void awaitFailoverFrom(int deadPort) {
        await("a replica serves the slots of " + deadPort, () -> {
            List<NodeView> view = view();
            boolean deadHasNoSlots = view.stream().noneMatch(node -> node.port() == deadPort && node.master()
                    && !node.failed() && !node.slots().isEmpty());
            // Every slot served by a live master, as this node sees it (gossip may lag behind the promotion).
            long served = view.stream().filter(node -> node.master() && !node.failed())
                    .flatMap(node -> node.slots().stream()).mapToLong(range -> range[1] - range[0] + 1L).sum();
            return deadHasNoSlots && served == 16384 && live().stream()
                    .allMatch(node -> tryCli(node.port(), "CLUSTER", "INFO").contains("cluster_state:ok"));
        });
    }

    /** Runs {@code redis-cli -p port args...} and returns what it printed. */
    public String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        return run(command);
    }

    private String tryCli(int port, String... args) {
        try {
            return cli(port, args);
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command.getFirst() + " (Redis 7 must be on PATH)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis Cluster: not true within " + START_TIMEOUT.toSeconds() + " s: "
                        + what + "\n" + logs());
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    private String logs() {
        return nodes.stream().map(node -> {
            try {
                return node.port() + ":\n" + Files.readString(node.dir().resolve("redis.log"));
            } catch (IOException e) {
                return node.port() + ": " + e.getMessage();
            }
        }).collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        for (Node node : nodes) {
            node.process().destroyForcibly();
        }
        for (Node node : nodes) {
            try {
                node.process().waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }
}
