package io.meshconformance.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.topology.ClusterSpec;
import io.meshconformance.topology.MeshTopology;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meshes kept on this Docker engine for reuse (mesh.reuse), found by their labels: listed, judged against a
 * run's fingerprint and topology, sealed with their record once a run passed on them, and removed. The record lives
 * in every node container ({@value #RECORD_PATH}), so a mesh and what is known of it go together. Only containers
 * and networks carrying {@link #REUSE_LABEL} are ever seen or removed here: a run's throwaway objects have none.
 */
public final class KeptMeshes {

    private static final Logger LOG = LoggerFactory.getLogger(KeptMeshes.class);

    /** Label on every container and the network of a mesh made to be kept: its fingerprint's hash. */
    public static final String REUSE_LABEL = "io.meshconformance/reuse";
    /** Label naming the harness version that made the mesh. */
    public static final String HARNESS_LABEL = "io.meshconformance/harness";
    /** Where each node holds the kept mesh's record ({@link KeptMesh#toJson}). */
    public static final String RECORD_PATH = "/var/lib/mesh-conformance/kept-mesh.json";

    /** Why a mesh without a record cannot serve; said wherever such a mesh is judged or listed. */
    static final String UNSEALED = "no record: the run that made it did not pass, or stopped before sealing it";

    /** A record is a few kilobytes; a file far larger at its path is not one the harness wrote, and is not read. */
    static final int RECORD_LIMIT = 1 << 20;

    /** Newest first; among meshes created in the same second, the later run id (they start with a UTC stamp). */
    static final Comparator<Found> NEWEST_FIRST = Comparator.comparing(Found::created)
            .thenComparing(Found::madeBy).reversed();

    /** One node container of a kept mesh. */
    public record Node(String cluster, String id, String name, String state) {
        public boolean running() {
            return "running".equals(state);
        }
    }

    /**
     * A kept mesh as found: the containers and networks carrying one run's label and {@link #REUSE_LABEL}.
     *
     * @param fingerprint the hash in its label
     * @param madeBy      the run in its label
     * @param harness     the harness version in its label
     * @param created     when its first container was created
     * @param nodes       its containers, by cluster name
     * @param networks    the names of its Docker networks (one, unless something went wrong)
     * @param record      the record a passing run wrote; empty when none did (or it could not be read)
     */
    public record Found(String fingerprint, String madeBy, String harness, Instant created, List<Node> nodes,
                        List<String> networks, Optional<KeptMesh> record) {

        public Found {
            nodes = List.copyOf(nodes);
            networks = List.copyOf(networks);
        }

        /** The ids of its node containers, for {@link KeptMeshes#seal} after another run passed on it. */
        public List<String> containerIds() {
            return nodes.stream().map(Node::id).toList();
        }

        /**
         * Why this mesh cannot serve a run with {@code fingerprint} and {@code topology} made by harness
         * {@code harness}, one sentence each; empty when it can. A mesh of another harness version is never reused,
         * whatever its fingerprint says: the harness's own objects in the clusters may differ between versions.
         */
        public List<String> unusable(MeshFingerprint fingerprint, MeshTopology topology, String harness) {
            List<String> reasons = new ArrayList<>();
            if (!this.harness.equals(harness)) {
                reasons.add("made by harness " + shown(this.harness) + ", this is " + harness);
            }
            // The harness part says again what the sentence above says.
            List<String> differences = record.map(r -> fingerprint.differences(r.parts())).orElse(List.of()).stream()
                    .filter(d -> reasons.isEmpty() || !d.startsWith(MeshFingerprint.HARNESS + ":")).toList();
            reasons.addAll(differences);
            if (!this.fingerprint.equals(fingerprint.hash()) && differences.isEmpty()) {
                reasons.add("made for fingerprint " + shown(this.fingerprint) + ", this run's is " + fingerprint.hash());
            }
            if (record.isEmpty()) {
                reasons.add(UNSEALED);
            } else if (!record.get().fingerprint().equals(this.fingerprint)) {
                reasons.add("its record is of fingerprint " + record.get().fingerprint() + " while its labels say "
                        + shown(this.fingerprint) + ": the record is not this mesh's");
            }
            reasons.addAll(nodeProblems(topology));
            if (networks.isEmpty()) {
                reasons.add("its Docker network is gone");
            }
            return reasons;
        }

        private List<String> nodeProblems(MeshTopology topology) {
            List<String> problems = new ArrayList<>();
            for (ClusterSpec spec : topology.clusters()) {
                List<Node> of = nodes.stream().filter(n -> n.cluster().equals(spec.name())).toList();
                if (of.isEmpty()) {
                    problems.add("cluster '" + spec.name() + "' has no node (its container is gone)");
                } else if (of.size() > 1) {
                    problems.add("cluster '" + spec.name() + "' has " + of.size() + " nodes ("
                            + String.join(", ", of.stream().map(Node::name).toList()) + ") where one was made");
                }
                for (Node node : of) {
                    if (!node.running()) {
                        problems.add("the node of cluster '" + spec.name() + "' (container " + node.name() + ") is "
                                + (node.state().isEmpty() ? "in an unknown state" : node.state()));
                    }
                }
            }
            for (Node node : nodes) {
                if (topology.cluster(node.cluster()).isEmpty()) {
                    problems.add("its container " + node.name() + " is a node of cluster '" + node.cluster()
                            + "', which this run's topology does not have");
                }
            }
            return problems;
        }

        /** How long ago it was made, as a person reads it: from its record, else from its first container. */
        public String age(Instant now) {
            return record.map(r -> r.age(now)).orElseGet(() -> KeptMesh.age(Duration.between(created, now)));
        }

        /**
         * A few lines for people: the fingerprint, who made it and how long ago, the harness, each cluster's container
         * and its state, the network, and what it holds (or that it is unsealed).
         */
        public String describe(Instant now) {
            StringBuilder text = new StringBuilder(shown(fingerprint)).append("  ");
            if (record.isPresent()) {
                text.append(record.get().describe(now));
            } else {
                text.append("made by run ").append(shown(madeBy)).append(' ').append(age(now)).append(" ago (harness ")
                        .append(shown(harness)).append("), unsealed (").append(UNSEALED).append(')');
            }
            text.append('\n');
            List<String> clusters = nodes.stream().map(n -> (n.cluster().isEmpty() ? "(no cluster label)" : n.cluster())
                    + " (" + n.name() + ", " + (n.state().isEmpty() ? "state unknown" : n.state()) + ")").toList();
            text.append("  clusters: ").append(clusters.isEmpty() ? "none (every container is gone)"
                    : String.join(", ", clusters)).append('\n');
            text.append("  network:  ").append(networks.isEmpty() ? "none (gone)" : String.join(", ", networks))
                    .append('\n');
            record.ifPresent(r -> {
                String indent = "\n            ";
                text.append("  holds:    ").append(r.holds().isEmpty() ? "nothing recorded"
                        : String.join(indent, r.holds())).append('\n');
            });
            return text.toString();
        }
    }

    /**
     * A run's claim on the kept meshes: the one it may reuse, why each other was removed, and the runs that made the
     * meshes that are gone (whose kubeconfigs on disk now reach nothing).
     */
    public record Claim(Optional<Found> reusable, List<String> removed, List<String> removedRuns) {
        public Claim {
            removed = List.copyOf(removed);
            removedRuns = List.copyOf(removedRuns);
        }
    }

    /** What a claim does: the mesh to reuse, and each other kept mesh with the sentence saying why it goes. */
    record Plan(Optional<Found> reuse, List<Removal> removals) {
    }

    /**
     * @param broken the mesh was made for this very fingerprint and still cannot serve (a stopped node, no record):
     *               worth a warning, where a mesh of another fingerprint or an older twin is routine
     */
    record Removal(Found found, String reason, boolean broken) {
    }

    private final DockerClient docker;

    public KeptMeshes(DockerClient docker) {
        this.docker = docker;
    }

    /** The labels a mesh made to be kept carries from creation. */
    public static Map<String, String> labels(MeshFingerprint fingerprint, String harness) {
        return Map.of(REUSE_LABEL, fingerprint.hash(), HARNESS_LABEL, harness);
    }

    /**
     * Every kept mesh on the engine, newest first: the containers (stopped ones too) and networks carrying
     * {@link #REUSE_LABEL}, grouped by their run. A record that cannot be read or parsed counts as none.
     */
    public List<Found> list() {
        List<Container> containers = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(REUSE_LABEL)).exec();
        List<Network> networks = docker.listNetworksCmd().withFilter("label", List.of(REUSE_LABEL)).exec();
        Map<String, List<Container>> containersByRun = new LinkedHashMap<>();
        Map<String, List<Network>> networksByRun = new LinkedHashMap<>();
        containers.forEach(c -> containersByRun.computeIfAbsent(runOf(c.getLabels()), r -> new ArrayList<>()).add(c));
        networks.forEach(n -> networksByRun.computeIfAbsent(runOf(n.getLabels()), r -> new ArrayList<>()).add(n));
        Set<String> runs = new LinkedHashSet<>(containersByRun.keySet());
        runs.addAll(networksByRun.keySet());

        List<Found> found = new ArrayList<>();
        for (String run : runs) {
            List<Container> ofRun = containersByRun.getOrDefault(run, List.of());
            List<Network> netsOfRun = networksByRun.getOrDefault(run, List.of());
            Map<String, String> labels = ofRun.isEmpty() ? labelsOf(netsOfRun.get(0).getLabels())
                    : labelsOf(ofRun.get(0).getLabels());
            List<Node> nodes = ofRun.stream().map(KeptMeshes::node)
                    .sorted(Comparator.comparing(Node::cluster).thenComparing(Node::name)).toList();
            Instant created = ofRun.stream().map(Container::getCreated).filter(Objects::nonNull)
                    .map(Instant::ofEpochSecond).min(Comparator.naturalOrder())
                    .or(() -> netsOfRun.stream().map(Network::getCreated).filter(Objects::nonNull)
                            .map(Date::toInstant).min(Comparator.naturalOrder()))
                    .orElse(Instant.EPOCH);
            found.add(new Found(labels.getOrDefault(REUSE_LABEL, ""), run, labels.getOrDefault(HARNESS_LABEL, ""),
                    created, nodes, netsOfRun.stream().map(Network::getName).sorted().toList(), record(nodes)));
        }
        found.sort(NEWEST_FIRST);
        return found;
    }

    /**
     * Chooses the kept mesh a run with {@code fingerprint}, {@code topology} and harness version {@code harness} reuses
     * (the newest that can serve it) and removes every other kept mesh on the engine: this machine keeps one mesh, and a
     * mesh of another fingerprint or a broken one is rebuilt rather than repaired. A mesh that cannot be removed is
     * reported, not fatal: the run's own clusters take other names and another subnet.
     */
    public Claim claim(MeshFingerprint fingerprint, MeshTopology topology, String harness) {
        Plan plan = choose(list(), fingerprint, topology, harness);
        List<String> removed = new ArrayList<>();
        List<String> removedRuns = new ArrayList<>();
        for (Removal removal : plan.removals()) {
            if (removal.broken()) {
                LOG.warn("Removing {}", removal.reason());
            } else {
                LOG.info("Removing {}", removal.reason());
            }
            try {
                remove(removal.found());
                removed.add(removal.reason());
                removedRuns.add(removal.found().madeBy());
            } catch (RuntimeException e) {
                LOG.warn("Could not remove kept mesh {} of run {}: {}; 'bin/mesh-down {}' tries again",
                        removal.found().fingerprint(), removal.found().madeBy(), e.getMessage(),
                        removal.found().madeBy());
                removed.add(removal.reason() + " (not removed: " + e.getMessage() + ")");
            }
        }
        // A mesh to reuse has a record: unusable() says so of one without.
        plan.reuse().ifPresent(found -> LOG.info("Reusing kept mesh {}, {}", found.fingerprint(),
                found.record().orElseThrow().describe(Instant.now())));
        return new Claim(plan.reuse(), removed, removedRuns);
    }

    /** The choice {@link #claim} acts on, from what was listed (newest first or not): no Docker involved. */
    static Plan choose(List<Found> kept, MeshFingerprint fingerprint, MeshTopology topology, String harness) {
        Optional<Found> reuse = Optional.empty();
        List<Removal> removals = new ArrayList<>();
        for (Found found : kept.stream().sorted(NEWEST_FIRST).toList()) {
            List<String> reasons = found.unusable(fingerprint, topology, harness);
            if (reasons.isEmpty() && reuse.isEmpty()) {
                reuse = Optional.of(found);
                continue;
            }
            List<String> why = reasons.isEmpty()
                    ? List.of("a newer kept mesh of the same fingerprint is reused (run " + reuse.get().madeBy() + "'s)")
                    : reasons;
            removals.add(new Removal(found, "kept mesh " + shown(found.fingerprint()) + " of run " + shown(found.madeBy())
                    + ": " + String.join("; ", why), !reasons.isEmpty() && found.fingerprint().equals(fingerprint.hash())));
        }
        return new Plan(reuse, removals);
    }

    /**
     * Writes {@code record} into each container at {@link #RECORD_PATH} (mode 0644, its directory made if missing),
     * through Docker's archive API: no shell is needed in the container, and stopped containers take it too.
     *
     * @throws IllegalStateException naming the container that could not take it; the mesh is then removed
     */
    public void seal(List<String> containerIds, KeptMesh record) {
        write(containerIds, recordArchive(record.toJson()), "write the kept-mesh record into", ": the mesh is not"
                + " kept (the next run with mesh.reuse starts afresh); check that the Docker engine answers and has"
                + " disk space ('docker info', 'docker system df')");
    }

    /**
     * Empties the record in each container: a run that reuses the mesh takes it out of reuse while it uses it, so
     * that a run stopped halfway (its Bookinfo still in the clusters) leaves a mesh the next run removes, not one it
     * reuses. The run seals it again when it passes.
     *
     * @throws IllegalStateException naming the container that could not take it
     */
    public void unseal(List<String> containerIds) {
        write(containerIds, recordArchive(""), "take the kept mesh's record out of", ": the mesh is removed and"
                + " started afresh; check that the Docker engine answers and has disk space ('docker info', 'docker"
                + " system df')");
    }

    /** Puts {@code archive} into each container at "/", through Docker's archive API. */
    private void write(List<String> containerIds, byte[] archive, String what, String then) {
        for (String id : containerIds) {
            try {
                docker.copyArchiveToContainerCmd(id).withRemotePath("/")
                        .withTarInputStream(new ByteArrayInputStream(archive)).exec();
            } catch (RuntimeException e) {
                throw new IllegalStateException("Could not " + what + " container " + id + " (" + e.getMessage()
                        + ")" + then, e);
            }
        }
    }

    /** A tar holding {@link #RECORD_PATH}'s directory and the file with {@code json}, relative to "/". */
    static byte[] recordArchive(String json) {
        return archive(RECORD_PATH, json);
    }

    /** A tar holding the absolute {@code path}'s directory and the file with {@code text}, relative to "/". */
    static byte[] archive(String path, String text) {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        String file = path.substring(1);
        String directory = file.substring(0, file.lastIndexOf('/') + 1);
        Date now = new Date();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry dir = new TarArchiveEntry(directory);
            dir.setMode(TarArchiveEntry.DEFAULT_DIR_MODE);
            dir.setModTime(now);
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            TarArchiveEntry entry = new TarArchiveEntry(file);
            entry.setMode(0100644);
            entry.setSize(content.length);
            entry.setModTime(now);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("building a tar in memory: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /**
     * The text of the file at {@code path} in the container, through Docker's archive API (stopped containers too).
     * Empty when the container, the file, or a regular file of that name is not there.
     *
     * @throws IllegalStateException when the file is larger than a record can be, or Docker's answer is no tar
     */
    Optional<String> readFile(String containerId, String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        try (InputStream raw = docker.copyArchiveFromContainerCmd(containerId, path).exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (!entry.isFile() || !entry.getName().equals(name)) {
                    continue;
                }
                if (entry.getSize() > RECORD_LIMIT) {
                    throw new IllegalStateException(path + " in container " + containerId + " is " + entry.getSize()
                            + " bytes, more than the " + RECORD_LIMIT + " a kept-mesh record may be: not read");
                }
                return Optional.of(new String(tar.readNBytes(RECORD_LIMIT), StandardCharsets.UTF_8));
            }
            return Optional.empty();
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("reading " + path + " from container " + containerId + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Removes the mesh's containers (with their anonymous volumes: k3s keeps its state in some) and then its networks.
     * What is already gone is not an error; a network is removed only when it still carries the mesh's run label and
     * {@link #REUSE_LABEL}, so a name alone never removes another network.
     *
     * @throws IllegalStateException naming each object Docker refused to remove, after trying all of them
     */
    public void remove(Found found) {
        List<String> failures = new ArrayList<>();
        for (Node node : found.nodes()) {
            try {
                docker.removeContainerCmd(node.id()).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException e) {
                // already gone
            } catch (RuntimeException e) {
                failures.add("container " + node.name() + ": " + String.valueOf(e.getMessage()).strip());
            }
        }
        if (!found.networks().isEmpty()) {
            for (Network network : docker.listNetworksCmd().withFilter("label", List.of(REUSE_LABEL)).exec()) {
                if (!found.networks().contains(network.getName()) || !found.madeBy().equals(runOf(network.getLabels()))) {
                    continue;
                }
                try {
                    docker.removeNetworkCmd(network.getId()).exec();
                } catch (NotFoundException e) {
                    // already gone
                } catch (RuntimeException e) {
                    failures.add("network " + network.getName() + ": " + String.valueOf(e.getMessage()).strip());
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("Kept mesh " + shown(found.fingerprint()) + " of run " + shown(found.madeBy())
                    + " was not removed completely (" + String.join("; ", failures) + "). See what is left with"
                    + " 'docker ps -a --filter label=" + RunId.LABEL + "=" + found.madeBy() + "' and 'docker network ls"
                    + " --filter label=" + RunId.LABEL + "=" + found.madeBy() + "' (a network stays while any container"
                    + " is attached to it; 'docker network inspect' names them), then remove it again");
        }
    }

    /** The record of the first node that holds a readable one. */
    private Optional<KeptMesh> record(List<Node> nodes) {
        for (Node node : nodes) {
            try {
                Optional<String> text = readFile(node.id(), RECORD_PATH);
                if (text.isPresent() && text.get().isBlank()) {
                    return Optional.empty(); // unsealed by the run using it (unseal)
                }
                if (text.isPresent()) {
                    return Optional.of(KeptMesh.fromJson(text.get()));
                }
            } catch (RuntimeException e) {
                LOG.warn("The kept-mesh record in container {} cannot be used ({}): counted as none", node.name(),
                        e.getMessage());
            }
        }
        return Optional.empty();
    }

    private static Node node(Container container) {
        String[] names = container.getNames();
        String name = names == null || names.length == 0 ? container.getId().substring(0, 12)
                : names[0].startsWith("/") ? names[0].substring(1) : names[0];
        return new Node(labelsOf(container.getLabels()).getOrDefault(DockerNodeGroup.CLUSTER_LABEL, ""),
                container.getId(), name, Objects.requireNonNullElse(container.getState(), ""));
    }

    private static Map<String, String> labelsOf(Map<String, String> labels) {
        return labels == null ? Map.of() : labels;
    }

    private static String runOf(Map<String, String> labels) {
        return labelsOf(labels).getOrDefault(RunId.LABEL, "");
    }

    /** A label's value as people read it: an object without the label says so rather than showing nothing. */
    private static String shown(String value) {
        return value.isEmpty() ? "(unlabelled)" : value;
    }
}
