package io.meshconformance.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.dockerjava.api.DockerClient;
import io.meshconformance.topology.MeshTopology;

/**
 * The meshes kept on this Docker engine for reuse (mesh.reuse), found by their labels: listed, judged against a
 * run's fingerprint and topology, sealed with their record once a run passed on them, and removed. The record lives
 * in every node container ({@value #RECORD_PATH}), so a mesh and what is known of it go together.
 */
public final class KeptMeshes {

    /** Label on every container and the network of a mesh made to be kept: its fingerprint's hash. */
    public static final String REUSE_LABEL = "io.meshconformance/reuse";
    /** Label naming the harness version that made the mesh. */
    public static final String HARNESS_LABEL = "io.meshconformance/harness";
    /** Where each node holds the kept mesh's record ({@link KeptMesh#toJson}). */
    public static final String RECORD_PATH = "/var/lib/mesh-conformance/kept-mesh.json";

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
     * @param created     when its first container was created
     * @param record      the record a passing run wrote; empty when none did (or it could not be read)
     */
    public record Found(String fingerprint, String madeBy, String harness, Instant created, List<Node> nodes,
                        List<String> networks, Optional<KeptMesh> record) {
        // unusable(fingerprint, topology), describe(now): to be built
    }

    /** A run's claim on the kept meshes: the one it may reuse, and why each other was removed. */
    public record Claim(Optional<Found> reusable, List<String> removed) {
    }

    private final DockerClient docker;

    public KeptMeshes(DockerClient docker) {
        this.docker = docker;
    }

    /** The labels a mesh made to be kept carries from creation. */
    public static Map<String, String> labels(MeshFingerprint fingerprint, String harness) {
        return Map.of(REUSE_LABEL, fingerprint.hash(), HARNESS_LABEL, harness);
    }

    public List<Found> list() {
        throw new UnsupportedOperationException("to be built");
    }

    public Claim claim(MeshFingerprint fingerprint, MeshTopology topology) {
        throw new UnsupportedOperationException("to be built");
    }

    public void seal(List<String> containerIds, KeptMesh record) {
        throw new UnsupportedOperationException("to be built");
    }

    public Optional<String> readFile(String containerId, String path) {
        throw new UnsupportedOperationException("to be built");
    }

    public void remove(Found found) {
        throw new UnsupportedOperationException("to be built");
    }
}
