package io.meshconformance.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.meshconformance.cluster.KeptMeshes.Found;
import io.meshconformance.cluster.KeptMeshes.Node;
import io.meshconformance.cluster.KeptMeshes.Plan;
import io.meshconformance.cluster.KeptMeshes.Removal;
import io.meshconformance.topology.MeshTopology;
import io.meshconformance.topology.TopologyLoader;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/** Unit tier: how a kept mesh is judged against a run, which one a run reuses, and how it is shown to people. */
class KeptMeshesTest {

    static final MeshTopology TOPOLOGY = TopologyLoader.load(Path.of("fixtures/topologies/default.yaml"));
    static final String HARNESS = "0.1.0";
    static final MeshFingerprint FINGERPRINT = fingerprint("rancher/k3s:v1.35.4-k3s1");
    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    static MeshFingerprint fingerprint(String k3sImage) {
        return new MeshFingerprint(Map.of("k3s.image", k3sImage, "istio.version", "1.30.3",
                "topology", "primary,remote"));
    }

    static KeptMesh record(MeshFingerprint fingerprint, String run, Instant madeAt) {
        return new KeptMesh(fingerprint.hash(), fingerprint.parts(), HARNESS, run, madeAt,
                List.of("Istio in 'primary': base, istiod", "the remote 'remote' attached"), Map.of("clusters", 40.0),
                run, madeAt, 1);
    }

    static List<Node> nodes(String run, String remoteState) {
        return List.of(new Node("primary", "id-" + run + "-p", "mesh-" + run + "-primary", "running"),
                new Node("remote", "id-" + run + "-r", "mesh-" + run + "-remote", remoteState));
    }

    /** A kept mesh of {@link #FINGERPRINT} as a passing run leaves it: sealed, both nodes running, its network. */
    static Found healthy(String run, Instant created) {
        return new Found(FINGERPRINT.hash(), run, HARNESS, created, nodes(run, "running"), List.of("mesh-" + run + "-net"),
                Optional.of(record(FINGERPRINT, run, created)));
    }

    static Found with(Found f, List<Node> nodes) {
        return new Found(f.fingerprint(), f.madeBy(), f.harness(), f.created(), nodes, f.networks(), f.record());
    }

    List<String> unusable(Found found) {
        return found.unusable(FINGERPRINT, TOPOLOGY, HARNESS);
    }

    @Test
    void aSealedRunningMeshOfTheSameFingerprintAndHarnessServes() {
        assertEquals(List.of(), unusable(healthy("r1", NOW)));
    }

    @Test
    void anotherFingerprintNamesThePartThatDiffersWithBothValues() {
        MeshFingerprint older = fingerprint("rancher/k3s:v1.34.9-k3s1");
        Found kept = new Found(older.hash(), "r1", HARNESS, NOW, nodes("r1", "running"), List.of("net"),
                Optional.of(record(older, "r1", NOW)));
        assertEquals(List.of("k3s.image: kept 'rancher/k3s:v1.34.9-k3s1', this run 'rancher/k3s:v1.35.4-k3s1'"),
                unusable(kept));
    }

    @Test
    void anotherFingerprintWithoutARecordNamesTheTwoHashes() {
        MeshFingerprint older = fingerprint("rancher/k3s:v1.34.9-k3s1");
        Found kept = new Found(older.hash(), "r1", HARNESS, NOW, nodes("r1", "running"), List.of("net"),
                Optional.empty());
        assertEquals(List.of("made for fingerprint " + older.hash() + ", this run's is " + FINGERPRINT.hash(),
                KeptMeshes.UNSEALED), unusable(kept));
    }

    @Test
    void anotherHarnessVersionIsNeverReusedAndSaysSo() {
        Found kept = healthy("r1", NOW);
        assertEquals(List.of("made by harness 0.1.0, this is 0.2.0"), kept.unusable(FINGERPRINT, TOPOLOGY, "0.2.0"));
    }

    @Test
    void aMeshWithoutARecordIsUnsealed() {
        Found f = healthy("r1", NOW);
        Found unsealed = new Found(f.fingerprint(), f.madeBy(), f.harness(), f.created(), f.nodes(), f.networks(),
                Optional.empty());
        assertEquals(List.of("no record: the run that made it did not pass, or stopped before sealing it"),
                unusable(unsealed));
    }

    @Test
    void aRecordOfAnotherFingerprintThanItsLabelIsNotThisMeshs() {
        Found f = healthy("r1", NOW);
        KeptMesh foreign = new KeptMesh("0123456789abcdef", FINGERPRINT.parts(), HARNESS, "r0", NOW, List.of(),
                Map.of(), "r0", NOW, 1);
        Found kept = new Found(f.fingerprint(), f.madeBy(), f.harness(), f.created(), f.nodes(), f.networks(),
                Optional.of(foreign));
        assertEquals(List.of("its record is of fingerprint 0123456789abcdef while its labels say " + FINGERPRINT.hash()
                + ": the record is not this mesh's"), unusable(kept));
    }

    @Test
    void aClusterWithoutItsNodeIsNamed() {
        Found kept = with(healthy("r1", NOW), nodes("r1", "running").subList(0, 1));
        assertEquals(List.of("cluster 'remote' has no node (its container is gone)"), unusable(kept));
    }

    @Test
    void aNodeNotRunningIsNamedWithItsContainerAndState() {
        assertEquals(List.of("the node of cluster 'remote' (container mesh-r1-remote) is exited"),
                unusable(with(healthy("r1", NOW), nodes("r1", "exited"))));
        assertEquals(List.of("the node of cluster 'remote' (container mesh-r1-remote) is paused"),
                unusable(with(healthy("r1", NOW), nodes("r1", "paused"))));
    }

    @Test
    void aSecondNodeForAClusterOrANodeOfAnUnknownClusterIsNamed() {
        List<Node> nodes = new ArrayList<>(nodes("r1", "running"));
        nodes.add(new Node("remote", "id-x", "mesh-r1-remote-2", "running"));
        nodes.add(new Node("remote2", "id-y", "mesh-r1-remote2", "running"));
        assertEquals(List.of("cluster 'remote' has 2 nodes (mesh-r1-remote, mesh-r1-remote-2) where one was made",
                "its container mesh-r1-remote2 is a node of cluster 'remote2', which this run's topology does not have"),
                unusable(with(healthy("r1", NOW), nodes)));
    }

    @Test
    void aMeshWithoutItsNetworkIsNamed() {
        Found f = healthy("r1", NOW);
        Found kept = new Found(f.fingerprint(), f.madeBy(), f.harness(), f.created(), f.nodes(), List.of(), f.record());
        assertEquals(List.of("its Docker network is gone"), unusable(kept));
    }

    @Test
    void everyReasonIsGivenAtOnce() {
        Found kept = new Found(fingerprint("other").hash(), "r1", "0.0.9", NOW, nodes("r1", "exited"), List.of(),
                Optional.empty());
        List<String> reasons = unusable(kept);
        assertEquals(5, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).startsWith("made by harness 0.0.9"), reasons.toString());
        assertTrue(reasons.contains(KeptMeshes.UNSEALED), reasons.toString());
    }

    @Test
    void anotherHarnessVersionIsSaidOnceNotAgainAsAFingerprintPart() {
        MeshFingerprint mine = new MeshFingerprint(Map.of("k3s.image", "a", MeshFingerprint.HARNESS, "0.2.0"));
        MeshFingerprint theirs = new MeshFingerprint(Map.of("k3s.image", "b", MeshFingerprint.HARNESS, "0.1.0"));
        Found kept = new Found(theirs.hash(), "r1", "0.1.0", NOW, nodes("r1", "running"), List.of("mesh-r1-net"),
                Optional.of(record(theirs, "r1", NOW)));
        assertEquals(List.of("made by harness 0.1.0, this is 0.2.0", "k3s.image: kept 'b', this run 'a'"),
                kept.unusable(mine, TOPOLOGY, "0.2.0"));
        Found sameHarness = new Found(theirs.hash(), "r1", "0.2.0", NOW, nodes("r1", "running"),
                List.of("mesh-r1-net"), Optional.of(record(theirs, "r1", NOW)));
        assertTrue(sameHarness.unusable(mine, TOPOLOGY, "0.2.0").contains("harness.version: kept '0.1.0', this run"
                + " '0.2.0'"), "a label that lies about the version still leaves the part's difference");
    }

    @Test
    void nothingKeptMeansNothingToReuseAndNothingRemoved() {
        Plan plan = KeptMeshes.choose(List.of(), FINGERPRINT, TOPOLOGY, HARNESS);
        assertEquals(Optional.empty(), plan.reuse());
        assertEquals(List.of(), plan.removals());
    }

    @Test
    void theNewestUsableMeshIsReusedAndEveryOtherRemovedWithItsReason() {
        Found newest = healthy("r3", NOW.minusSeconds(60));
        Found older = healthy("r2", NOW.minusSeconds(3600));
        Found stopped = with(healthy("r4", NOW), nodes("r4", "exited"));
        MeshFingerprint other = fingerprint("rancher/k3s:v1.34.9-k3s1");
        Found otherFingerprint = new Found(other.hash(), "r1", HARNESS, NOW.minusSeconds(7200), nodes("r1", "running"),
                List.of("net"), Optional.of(record(other, "r1", NOW.minusSeconds(7200))));

        // Given in no particular order: the choice sorts them itself.
        Plan plan = KeptMeshes.choose(List.of(older, otherFingerprint, stopped, newest), FINGERPRINT, TOPOLOGY,
                HARNESS);

        assertEquals(Optional.of(newest), plan.reuse(), "the newest mesh that can serve; a newer broken one cannot");
        List<String> reasons = plan.removals().stream().map(Removal::reason).toList();
        String hash = FINGERPRINT.hash();
        assertEquals(List.of(
                "kept mesh " + hash + " of run r4: the node of cluster 'remote' (container mesh-r4-remote) is exited",
                "kept mesh " + hash + " of run r2: a newer kept mesh of the same fingerprint is reused (run r3's)",
                "kept mesh " + other.hash() + " of run r1: k3s.image: kept 'rancher/k3s:v1.34.9-k3s1', this run"
                        + " 'rancher/k3s:v1.35.4-k3s1'"), reasons);
        assertEquals(List.of(stopped, older, otherFingerprint), plan.removals().stream().map(Removal::found).toList());
        assertEquals(List.of(true, false, false), plan.removals().stream().map(Removal::broken).toList(),
                "only a mesh of this fingerprint that cannot serve is worth a warning");
    }

    @Test
    void whenNoMeshCanServeAllAreRemovedAndNoneReused() {
        Found unsealed = new Found(FINGERPRINT.hash(), "r1", HARNESS, NOW, nodes("r1", "running"), List.of("net"),
                Optional.empty());
        Plan plan = KeptMeshes.choose(List.of(unsealed), FINGERPRINT, TOPOLOGY, HARNESS);
        assertEquals(Optional.empty(), plan.reuse());
        assertEquals(List.of("kept mesh " + FINGERPRINT.hash() + " of run r1: " + KeptMeshes.UNSEALED),
                plan.removals().stream().map(Removal::reason).toList());
    }

    @Test
    void meshesCreatedInTheSameSecondAreOrderedByTheirRunsStamp() {
        Found earlier = healthy("20261202-1030-ffff", NOW);
        Found later = healthy("20261202-1031-0000", NOW);
        assertEquals(Optional.of(later), KeptMeshes.choose(List.of(earlier, later), FINGERPRINT, TOPOLOGY, HARNESS)
                .reuse());
    }

    @Test
    void aSealedMeshIsDescribedWithItsRecordNodesNetworkAndWhatItHolds() {
        Found kept = with(healthy("r1", NOW.minus(Duration.ofMinutes(12))), nodes("r1", "exited"));
        assertEquals(FINGERPRINT.hash() + "  made by run r1 12 min ago (harness 0.1.0), 1 passing run on it, the last r1\n"
                + "  clusters: primary (mesh-r1-primary, running), remote (mesh-r1-remote, exited)\n"
                + "  network:  mesh-r1-net\n"
                + "  holds:    Istio in 'primary': base, istiod\n"
                + "            the remote 'remote' attached\n", kept.describe(NOW));
        assertEquals("12 min", kept.age(NOW));
    }

    @Test
    void anUnsealedMeshIsDescribedAsSuchWithItsAgeFromItsContainers() {
        Found kept = new Found(FINGERPRINT.hash(), "r1", HARNESS, NOW.minus(Duration.ofMinutes(125)),
                nodes("r1", "running"), List.of(), Optional.empty());
        assertEquals(FINGERPRINT.hash() + "  made by run r1 2 h 5 min ago (harness 0.1.0), unsealed (no record: the run"
                + " that made it did not pass, or stopped before sealing it)\n"
                + "  clusters: primary (mesh-r1-primary, running), remote (mesh-r1-remote, running)\n"
                + "  network:  none (gone)\n", kept.describe(NOW));
    }

    @Test
    void theRecordArchiveHoldsTheDirectoryAndTheFileReadableByAll() throws Exception {
        String json = record(FINGERPRINT, "r1", NOW).toJson();
        List<String> entries = new ArrayList<>();
        String content = null;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(
                KeptMeshes.recordArchive(json)))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                entries.add(e.getName() + " " + Integer.toOctalString(e.getMode()));
                if (e.isFile()) {
                    content = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        assertEquals(List.of("var/lib/mesh-conformance/ 40755", "var/lib/mesh-conformance/kept-mesh.json 100644"),
                entries);
        assertEquals("/" + entries.get(1).split(" ")[0], KeptMeshes.RECORD_PATH);
        assertEquals(json, content);
        assertEquals(record(FINGERPRINT, "r1", NOW), KeptMesh.fromJson(content));
    }

    @Test
    void theLabelsCarryTheHashAndTheHarness() {
        assertEquals(Map.of("io.meshconformance/reuse", FINGERPRINT.hash(), "io.meshconformance/harness", HARNESS),
                KeptMeshes.labels(FINGERPRINT, HARNESS));
        assertFalse(FINGERPRINT.hash().equals(fingerprint("other").hash()));
    }
}
