package io.meshconformance.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.meshconformance.cli.MeshDown;
import io.meshconformance.cluster.KeptMeshes.Claim;
import io.meshconformance.cluster.KeptMeshes.Found;
import io.meshconformance.cluster.KeptMeshes.Node;
import io.meshconformance.lifecycle.CleanupStack;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.topology.MeshTopology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

/**
 * Docker tier: kept meshes on a real engine, made by the real {@link DockerNodeGroup} with busybox nodes standing in
 * for k3s, labelled as a run with mesh.reuse labels them; claimed, sealed, read back, and removed by
 * {@code bin/mesh-down}'s main class. Skipped, with the reason, when no Docker engine answers, and when the engine
 * keeps meshes of its own: a claim and {@code --all} would remove them, and a warm mesh takes minutes to make.
 */
@Tag("docker")
class KeptMeshesDockerTest {

    static final MeshTopology TOPOLOGY = DockerNodeGroupTest.TOPOLOGY;
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final String HARNESS = "0.0.0-kept-meshes-test";
    static final MeshFingerprint FINGERPRINT = fingerprint("rancher/k3s:v1.35.4-k3s1");
    static final MeshFingerprint OTHER = fingerprint("rancher/k3s:v1.34.9-k3s1");

    DockerClient docker;
    String image;
    KeptMeshes meshes;
    /** What each test made, removed after it whatever happened: meshes' undo, runs' labels, unlabelled containers. */
    final List<CleanupStack> cleanups = new ArrayList<>();
    final List<RunId> runs = new ArrayList<>();
    final List<String> unlabelled = new ArrayList<>();

    /** A mesh as DockerNodeGroup made it for {@code run}. */
    record Made(RunId run, DockerNodeGroup.Started started) {
        List<String> ids() {
            return started.nodes().values().stream().map(n -> n.container().getContainerId()).toList();
        }

        String id(String cluster) {
            return started.node(cluster).container().getContainerId();
        }
    }

    static MeshFingerprint fingerprint(String k3sImage) {
        return new MeshFingerprint(Map.of("k3s.image", k3sImage, "istio.version", "1.30.3", "topology", "default"));
    }

    static KeptMesh record(MeshFingerprint fingerprint, RunId run) {
        Instant now = Instant.now();
        return new KeptMesh(fingerprint.hash(), fingerprint.parts(), HARNESS, run.value(), now,
                List.of("Istio in 'primary': base, istiod"), Map.of("clusters", 12.5), run.value(), now, 1);
    }

    @BeforeEach
    void docker() throws Exception {
        docker = DockerTier.requireDocker();
        image = DockerTier.ensureNodeImage(docker);
        meshes = new KeptMeshes(docker);
        List<Found> kept = meshes.list();
        assumeTrue(kept.isEmpty(), "Kept-mesh Docker tests skipped: this Docker engine keeps meshes of its own ("
                + kept.stream().map(f -> f.fingerprint() + " of run " + f.madeBy()).collect(Collectors.joining(", "))
                + "), which these tests' claims and bin/mesh-down --all would remove. See them with bin/mesh-down;"
                + " remove them with bin/mesh-down --all to run these tests");
    }

    /** Everything the test made goes, also when it failed; then nothing with its runs' labels may be left. */
    @AfterEach
    void removeEverythingMade() {
        List<String> problems = new ArrayList<>();
        for (CleanupStack cleanup : cleanups) {
            try {
                cleanup.close();
            } catch (RuntimeException e) {
                problems.add(e.toString());
            }
        }
        for (String id : unlabelled) {
            removeContainer(id);
        }
        for (RunId run : runs) {
            docker.listContainersCmd().withShowAll(true).withLabelFilter(run.labels()).exec()
                    .forEach(c -> removeContainer(c.getId()));
            docker.listNetworksCmd().withFilter("label", List.of(RunId.LABEL + "=" + run.value())).exec()
                    .forEach(n -> docker.removeNetworkCmd(n.getId()).exec());
        }
        for (RunId run : runs) {
            assertEquals(List.of(), DockerTier.leftovers(docker, run), "left behind by run " + run);
        }
        assertEquals(List.of(), problems, "the meshes' own cleanup");
    }

    private void removeContainer(String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // gone already
        }
    }

    /** A mesh of {@code fingerprint} on the busybox nodes, labelled and kept as a run with mesh.reuse makes one. */
    Made mesh(MeshFingerprint fingerprint) {
        RunId run = RunId.generate();
        runs.add(run);
        CleanupStack cleanup = new CleanupStack();
        cleanups.add(cleanup);
        DockerNodeGroup.Started started = new DockerNodeGroup(docker, run, TIMEOUT, true,
                KeptMeshes.labels(fingerprint, HARNESS))
                .start(TOPOLOGY, Optional.empty(), NodeFactory.of(image, spec -> DockerTier.node(image)), cleanup);
        return new Made(run, started);
    }

    Made sealedMesh(MeshFingerprint fingerprint) {
        Made made = mesh(fingerprint);
        meshes.seal(made.ids(), record(fingerprint, made.run()));
        return made;
    }

    String state(String containerId) {
        return docker.inspectContainerCmd(containerId).exec().getState().getStatus();
    }

    @Test
    void aSealedRunningMeshOfTheSameFingerprintIsClaimedAndNothingIsRemoved() {
        Made made = mesh(FINGERPRINT);
        KeptMesh record = record(FINGERPRINT, made.run());
        meshes.seal(made.ids(), record);

        Claim claim = meshes.claim(FINGERPRINT, TOPOLOGY, HARNESS);

        assertEquals(List.of(), claim.removed());
        Found reused = claim.reusable().orElseThrow(() -> new AssertionError("nothing to reuse: " + meshes.list()));
        assertEquals(made.run().value(), reused.madeBy());
        assertEquals(FINGERPRINT.hash(), reused.fingerprint());
        assertEquals(HARNESS, reused.harness());
        assertEquals(Optional.of(record), reused.record());
        assertEquals(Set.copyOf(made.ids()), Set.copyOf(reused.containerIds()));
        assertEquals(List.of("primary", "remote"), reused.nodes().stream().map(Node::cluster).toList());
        assertEquals(List.of(made.run().name("primary"), made.run().name("remote")),
                reused.nodes().stream().map(Node::name).toList());
        assertEquals(List.of(made.started().network().name()), reused.networks());
        made.ids().forEach(id -> assertEquals("running", state(id), "the claim leaves the reused nodes as they are"));

        cleanups.remove(0).close();
        assertEquals(List.of(), DockerTier.leftovers(docker, made.run()));
    }

    @Test
    void aMeshOfAnotherFingerprintIsRemovedNamingThePartThatDiffersAndTheUsableOneStays() {
        Made other = sealedMesh(OTHER);
        Made same = sealedMesh(FINGERPRINT);

        Claim claim = meshes.claim(FINGERPRINT, TOPOLOGY, HARNESS);

        assertEquals(List.of("kept mesh " + OTHER.hash() + " of run " + other.run() + ": k3s.image: kept"
                + " 'rancher/k3s:v1.34.9-k3s1', this run 'rancher/k3s:v1.35.4-k3s1'"), claim.removed());
        assertEquals(List.of(), DockerTier.leftovers(docker, other.run()), "the claim itself removed it");
        assertEquals(List.of(other.run().value()), claim.removedRuns());
        assertEquals(Optional.of(same.run().value()), claim.reusable().map(Found::madeBy));
        assertEquals(List.of(same.run().value()), meshes.list().stream().map(Found::madeBy).toList());
    }

    @Test
    void aMeshWithAStoppedNodeIsRemovedNamingTheNode() {
        Made made = sealedMesh(FINGERPRINT);
        docker.stopContainerCmd(made.id("remote")).withTimeout(1).exec();

        Claim claim = meshes.claim(FINGERPRINT, TOPOLOGY, HARNESS);

        assertEquals(Optional.empty(), claim.reusable());
        assertEquals(List.of("kept mesh " + FINGERPRINT.hash() + " of run " + made.run() + ": the node of cluster"
                + " 'remote' (container " + made.run().name("remote") + ") is exited"), claim.removed());
        assertEquals(List.of(), DockerTier.leftovers(docker, made.run()));
    }

    @Test
    void anUnsealedMeshIsRemoved() {
        Made made = mesh(FINGERPRINT);

        Claim claim = meshes.claim(FINGERPRINT, TOPOLOGY, HARNESS);

        assertEquals(Optional.empty(), claim.reusable());
        assertEquals(List.of("kept mesh " + FINGERPRINT.hash() + " of run " + made.run() + ": no record: the run that"
                + " made it did not pass, or stopped before sealing it"), claim.removed());
        assertEquals(List.of(), DockerTier.leftovers(docker, made.run()));
    }

    @Test
    void aSealedRecordIsReadBackFromARunningAndAStoppedContainerAndNothingFromWhatIsNotThere() throws Exception {
        RunId run = RunId.generate();
        runs.add(run);
        try (GenericContainer<?> node = DockerTier.node(image).withLabels(run.labels())
                .withLabels(KeptMeshes.labels(FINGERPRINT, HARNESS))) {
            node.start();
            String id = node.getContainerId();
            assertEquals(Optional.empty(), meshes.readFile(id, KeptMeshes.RECORD_PATH), "no record before sealing");

            KeptMesh record = record(FINGERPRINT, run);
            meshes.seal(List.of(id), record);
            assertEquals(Optional.of(record.toJson()), meshes.readFile(id, KeptMeshes.RECORD_PATH));
            assertEquals(record, KeptMesh.fromJson(meshes.readFile(id, KeptMeshes.RECORD_PATH).orElseThrow()));
            assertEquals("644 0", node.execInContainer("stat", "-c", "%a %u", KeptMeshes.RECORD_PATH).getStdout()
                    .strip(), "readable by all, owned by root");

            // A later passing run seals again: the record is replaced, not appended to.
            KeptMesh again = record.servedAgain("20261202-1200-beef", Instant.now());
            meshes.seal(List.of(id), again);
            assertEquals(Optional.of(again.toJson()), meshes.readFile(id, KeptMeshes.RECORD_PATH));

            // A warm run takes the mesh out of reuse while it uses it: no record is read then.
            meshes.unseal(List.of(id));
            assertEquals(Optional.of(""), meshes.readFile(id, KeptMeshes.RECORD_PATH));
            assertEquals(List.of(Optional.<KeptMesh>empty()), meshes.list().stream()
                    .filter(f -> f.madeBy().equals(run.value())).map(KeptMeshes.Found::record).toList());
            meshes.seal(List.of(id), again);

            docker.stopContainerCmd(id).withTimeout(1).exec();
            assertEquals("exited", state(id));
            assertEquals(Optional.of(again.toJson()), meshes.readFile(id, KeptMeshes.RECORD_PATH), "stopped too");
            assertEquals(Optional.empty(), meshes.readFile(id, "/var/lib/mesh-conformance/none.json"));
            assertEquals(Optional.empty(), meshes.readFile(id, "/var/lib/mesh-conformance"), "a directory is no file");

            removeContainer(id);
            assertEquals(Optional.empty(), meshes.readFile(id, KeptMeshes.RECORD_PATH), "a container that is gone");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> meshes.seal(List.of(id), again));
            assertTrue(e.getMessage().startsWith("Could not write the kept-mesh record into container " + id),
                    e.getMessage());
        }
        assertEquals(List.of(), DockerTier.leftovers(docker, run));
    }

    @Test
    void meshDownAllRemovesEveryKeptMeshItListsAndNothingElse() throws Exception {
        Made sealed = sealedMesh(FINGERPRINT);
        Made unsealed = mesh(OTHER);
        // A run's throwaway node (the run label, no reuse label), and a container of nobody's (no label at all).
        RunId throwawayRun = RunId.generate();
        runs.add(throwawayRun);
        try (GenericContainer<?> throwaway = DockerTier.node(image).withLabels(throwawayRun.labels())
                .withLabel(DockerNodeGroup.CLUSTER_LABEL, "primary")) {
            throwaway.start();
            String stranger = docker.createContainerCmd(image).withCmd("sleep", "3600")
                    .withName("kept-meshes-test-stranger-" + throwawayRun.value()).exec().getId();
            unlabelled.add(stranger);
            docker.startContainerCmd(stranger).exec();

            Output listed = meshDown();
            assertEquals(0, listed.status(), listed.err());
            assertTrue(listed.out().startsWith("2 kept meshes on this Docker engine, newest first:\n"), listed.out());
            assertTrue(listed.out().contains(FINGERPRINT.hash() + "  made by run " + sealed.run()), listed.out());
            assertTrue(listed.out().contains(OTHER.hash() + "  made by run " + unsealed.run() + " "), listed.out());
            assertTrue(listed.out().contains("unsealed (no record: "), listed.out());
            assertTrue(listed.out().contains("remote (" + unsealed.run().name("remote") + ", running)"),
                    listed.out());

            Output down = meshDown("--all");

            assertEquals(0, down.status(), down.err());
            assertEquals(List.of("removed kept mesh " + FINGERPRINT.hash() + " of run " + sealed.run(),
                    "removed kept mesh " + OTHER.hash() + " of run " + unsealed.run()).stream().sorted().toList(),
                    down.out().lines().map(l -> l.substring(0, l.indexOf(", made "))).sorted().toList(), down.out());
            assertEquals(List.of(), DockerTier.leftovers(docker, sealed.run()));
            assertEquals(List.of(), DockerTier.leftovers(docker, unsealed.run()));
            assertEquals("running", state(throwaway.getContainerId()), "a run's throwaway node is never removed");
            assertEquals("running", state(stranger), "a container of nobody's is never removed");
            assertEquals("no kept meshes on this Docker engine\n", meshDown().out());
            assertEquals("no kept meshes on this Docker engine: nothing to remove\n", meshDown("--all").out());
        }
    }

    @Test
    void meshDownRemovesOnlyTheMeshItNamesByFingerprintOrRunId() {
        Made first = sealedMesh(FINGERPRINT);
        Made second = sealedMesh(OTHER);

        Output byFingerprint = meshDown(OTHER.hash().substring(0, 6));
        assertEquals(0, byFingerprint.status(), byFingerprint.err());
        assertTrue(byFingerprint.out().startsWith("removed kept mesh " + OTHER.hash() + " of run " + second.run()
                + ", made "), byFingerprint.out());
        assertEquals(List.of(), DockerTier.leftovers(docker, second.run()));
        assertEquals(List.of(first.run().value()), meshes.list().stream().map(Found::madeBy).toList());

        Output none = meshDown("ffff0000");
        assertEquals(2, none.status());
        assertTrue(none.err().startsWith("bin/mesh-down: no kept mesh matches 'ffff0000' (a fingerprint, 4 or more"
                + " of its first characters, or a run id); kept here:\n" + FINGERPRINT.hash()), none.err());
        assertEquals(List.of(first.run().value()), meshes.list().stream().map(Found::madeBy).toList());

        Output byRun = meshDown(first.run().value());
        assertEquals(0, byRun.status(), byRun.err());
        assertEquals(List.of(), DockerTier.leftovers(docker, first.run()));
        assertEquals(List.of(), meshes.list());
    }

    record Output(int status, String out, String err) {
    }

    Output meshDown(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = MeshDown.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> Optional.of(docker));
        return new Output(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
