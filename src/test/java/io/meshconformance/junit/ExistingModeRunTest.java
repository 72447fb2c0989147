package io.meshconformance.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.bookinfo.BookinfoDeployment;
import io.meshconformance.cluster.ClusterProviders;
import io.meshconformance.cluster.ClusterSnapshot;
import io.meshconformance.cluster.Kubeconfigs;
import io.meshconformance.cluster.MeshClusters;
import io.meshconformance.cluster.MockClusters;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.config.SettingSource;
import io.meshconformance.diagnostics.ReportEnvironment;
import io.meshconformance.doctor.DoctorReport;
import io.meshconformance.istio.ControlPlane;
import io.meshconformance.istio.IstiodLocator;
import io.meshconformance.istio.IstiodRevision;
import io.meshconformance.lifecycle.Layer;
import io.meshconformance.doctor.HealthyMesh;
import io.meshconformance.istio.IstiodDebug;
import io.meshconformance.lifecycle.RunId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * Component tier: the suite's stages in existing mode against two mock API servers holding a healthy mesh
 * ({@link HealthyMesh}). The run's own objects (per-run Bookinfo namespaces and everything in them) are created and
 * then removed; every object that was there before is exactly as it was: same names, same resourceVersions. The
 * stages that need controllers the mocks lack (pods becoming ready, the page through a port-forward) are left out;
 * each test says which stages it runs.
 */
@Tag("component")
class ExistingModeRunTest {

    static final RunId RUN = new RunId("20261125-1500-e7a1");

    @TempDir
    Path dir;
    MockClusters mocks;
    IstiodDebug istiod = HealthyMesh.istiod("clusterz-synced.json");
    /** The control planes whose istiod the run asked to read, in order. */
    List<IstiodRevision> asked = new ArrayList<>();

    @BeforeEach
    void healthyMesh() {
        mocks = new MockClusters();
        HealthyMesh.populate(mocks);
    }

    @AfterEach
    void close() {
        mocks.close();
    }

    Mesh run(Map<String, String> extra) {
        Map<String, String> props = Kubeconfigs.existingMode(dir, mocks);
        props.putAll(Map.of("mesh.results", dir.resolve("results").toString(), "mesh.timeout.attach", "2s"));
        props.putAll(extra);
        MeshSettings settings = MeshSettings.from(SettingSource.of(props, Map.of()));
        // The mocks cannot exec pilot-discovery: istiod's debug endpoints answer from fixtures.
        IstiodLocator fixtures = (primary, controlPlane, perRead) -> {
            asked.add(controlPlane);
            return istiod;
        };
        Path allure = dir.resolve("allure-results");
        try {
            // As the extension does before the first stage.
            ReportEnvironment.write(allure, settings, MockClusters.TOPOLOGY, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Mesh(settings, MockClusters.TOPOLOGY, RUN, ClusterProviders.of(settings, RUN),
                MeshEnvironment.real().withIstiod(fixtures).withAllureResults(allure));
    }

    /** The mocks hold the healthy mesh with its control plane in {@code namespace}, of {@code revision}. */
    void meshWith(String namespace, String revision) {
        mocks.close();
        mocks = new MockClusters();
        HealthyMesh.populate(mocks, namespace, revision);
    }

    String reportEnvironment() throws IOException {
        return Files.readString(dir.resolve("allure-results/environment.properties"));
    }

    @Test
    void aRevisionedMeshRunsAndItsRevisionServesTheRun() throws IOException {
        meshWith("istio-system", "1-30-3");
        Map<String, List<String>> before = snapshot();
        Mesh mesh = run(Map.of());
        Made made = stagesUpToDetails(mesh);
        IstiodRevision used = made.controlPlane().istiod();
        assertEquals(Optional.of("1-30-3"), used.revision());
        assertEquals(IstiodRevision.Found.ONLY_ONE, used.found());
        assertEquals(used, made.bookinfo().controlPlane());
        for (KubernetesClient c : List.of(mocks.primary().client(), mocks.remote().client())) {
            Map<String, String> labels = c.namespaces().withName(made.bookinfo().namespace()).get().getMetadata()
                    .getLabels();
            assertEquals("1-30-3", labels.get("istio.io/rev"), "the revision's injector selects the namespace");
            assertFalse(labels.containsKey("istio-injection"), "which the legacy label would hide from it");
        }
        assertFalse(asked.isEmpty());
        assertTrue(asked.stream().allMatch(used::equals), "every read of istiod went to the revision: " + asked);
        assertEquals("app=istiod,istio.io/rev=1-30-3", asked.get(0).podSelector().toString());
        assertTrue(reportEnvironment().contains("\nistiod=istiod revision 1-30-3 in istio-system (the only istiod"),
                reportEnvironment());
        mesh.close();
        assertEquals(before, snapshot());
    }

    @Test
    void aControlPlaneInAnotherNamespaceOfBothClustersRunsThere() throws IOException {
        meshWith("istio-cp", "default");
        Map<String, List<String>> before = snapshot();
        Mesh mesh = run(Map.of("mesh.istio.namespace", "istio-cp"));
        Made made = stagesUpToDetails(mesh);
        assertEquals("istio-cp", made.controlPlane().istiod().namespace());
        assertTrue(asked.stream().allMatch(c -> c.namespace().equals("istio-cp")), asked.toString());
        assertEquals("enabled", mocks.primary().client().namespaces().withName(made.bookinfo().namespace()).get()
                .getMetadata().getLabels().get("istio-injection"));
        assertTrue(reportEnvironment().contains("istio.namespace=istio-cp\n"),
                reportEnvironment());
        assertTrue(reportEnvironment().contains("istiod=istiod without a revision (istio.io/rev=default) in"
                + " istio-cp"), reportEnvironment());
        mesh.close();
        assertEquals(before, snapshot());
    }

    @Test
    void aControlPlaneElsewhereThanTheSettingSaysIsNamedWithTheFix() {
        meshWith("istio-cp", "1-30-3");
        Map<String, List<String>> before = snapshot();
        Mesh mesh = run(Map.of());
        StageFailedException failed = assertThrows(StageFailedException.class, () -> stagesUpToDetails(mesh));
        assertEquals(Layer.CONTROL_PLANE, failed.layer(), failed.getMessage());
        assertTrue(failed.getMessage().contains("istio-primary [primary]: no namespace istio-system; there are istiod"
                + " Deployments in istio-cp/istiod-1-30-3; fix: set mesh.istio.namespace=istio-cp"),
                failed.getMessage());
        mesh.close();
        assertEquals(before, snapshot());
    }

    /** What the stages up to details made, as the suite holds it. */
    record Made(MeshClusters clusters, ControlPlane controlPlane, BookinfoDeployment bookinfo) {
    }

    /** Every object of the kinds the harness reads or writes, with its resourceVersion, in both clusters. */
    Map<String, List<String>> snapshot() {
        Map<String, List<String>> all = new HashMap<>();
        all.put("primary", ClusterSnapshot.objects(mocks.primary().client()));
        all.put("remote", ClusterSnapshot.objects(mocks.remote().client()));
        return all;
    }

    /**
     * Stages 1-6 as the suite runs them in existing mode, through the same Mesh methods, less the waits for pods and
     * the page the mocks cannot serve (no controllers, no port-forward).
     */
    static Made stagesUpToDetails(Mesh mesh) {
        DoctorReport[] preflight = {null};
        MeshClusters clusters = mesh.stage("Clusters reached -> preflight doctor finds no failure", Layer.CLUSTER,
                () -> {
                    MeshClusters started = mesh.startClusters();
                    preflight[0] = mesh.preflight(started);
                    return started;
                });
        ControlPlane controlPlane = mesh.stage("Istio primary as found", Layer.CONTROL_PLANE,
                () -> mesh.verifiedPrimary(clusters, preflight[0]));
        mesh.stage("Istio remote as found", Layer.REMOTE_INSTALL, () -> mesh.verifiedRemotes(clusters, preflight[0]));
        BookinfoDeployment bookinfo = mesh.stage("Bookinfo without details in the primary (applied only)", Layer.PAGE,
                () -> mesh.deployBookinfo(clusters, controlPlane));
        mesh.stage("Attach as found -> istiod reports the remote synced", Layer.ATTACH_SYNC,
                () -> mesh.awaitRemotesSynced(clusters, controlPlane));
        mesh.stage("details in the remote (applied only)", Layer.REMOTE_INSTALL,
                () -> mesh.deployDetails(clusters, clusters.remotes().get(0)));
        return new Made(clusters, controlPlane, bookinfo);
    }

    @Test
    void aRunLeavesBothClustersExactlyAsTheyWere() {
        Map<String, List<String>> before = snapshot();
        Mesh mesh = run(Map.of());
        String ns = stagesUpToDetails(mesh).bookinfo().namespace();
        assertEquals("bookinfo-" + RUN.value(), ns);
        for (KubernetesClient c : List.of(mocks.primary().client(), mocks.remote().client())) {
            assertEquals(RUN.value(), c.namespaces().withName(ns).get().getMetadata().getLabels()
                    .get(RunId.LABEL), "the run's namespace carries its label");
        }
        assertNotNull(mocks.primary().client().apps().deployments().inNamespace(ns).withName("productpage-v1").get());
        assertNotNull(mocks.remote().client().apps().deployments().inNamespace(ns).withName("details-v1").get());
        assertNotEquals(before, snapshot(), "the run did create its objects");

        mesh.close();
        assertEquals(before, snapshot());
    }

    @Test
    void aRunThatFailsHalfwayStillRemovesWhatItCreated() {
        // istiod reports the remote synced to the doctor, and timed out by the time stage 'Attach' looks.
        Map<String, List<String>> before = snapshot();
        Mesh mesh = run(Map.of());
        MeshClusters clusters = mesh.stage("Clusters reached -> preflight doctor finds no failure", Layer.CLUSTER,
                () -> {
                    MeshClusters started = mesh.startClusters();
                    mesh.preflight(started);
                    return started;
                });
        mesh.stage("Bookinfo without details in the primary (applied only)", Layer.PAGE,
                () -> mesh.deployBookinfo(clusters, HealthyMesh.CONTROL_PLANE));
        istiod = HealthyMesh.istiod("clusterz-timeout.json");
        StageFailedException failed = assertThrows(StageFailedException.class, () -> mesh.stage("Attach as found",
                Layer.ATTACH_SYNC, () -> mesh.awaitRemotesSynced(clusters, HealthyMesh.CONTROL_PLANE)));
        assertTrue(failed.getMessage().contains("cluster 'remote' is timeout"), failed.getMessage());
        assertThrows(TestAbortedException.class, () -> mesh.stage("details", Layer.REMOTE_INSTALL, () -> { }));

        mesh.close();
        assertEquals(before, snapshot());
    }

    @Test
    void aClusterTheDoctorFindsUnfitIsNotTouchedAtAll() {
        mocks.primary().client().secrets().inNamespace("istio-system").withName("istio-remote-secret-remote").delete();
        Map<String, List<String>> before = snapshot();
        Mesh mesh = run(Map.of());
        StageFailedException failed = assertThrows(StageFailedException.class, () -> stagesUpToDetails(mesh));
        assertEquals(Layer.ATTACH_SYNC, failed.layer());
        assertTrue(failed.getMessage().startsWith("Broken layer: attach/sync (the remote secret and istiod's sync of"
                + " the remote). Stage 'Clusters reached -> preflight doctor finds no failure' failed: Preflight"
                + " doctor: 1 of 17 checks failed: remote-secret [remote]: no Secret labelled istio/multiCluster=true"),
                failed.getMessage());
        mesh.close();
        assertEquals(before, snapshot());
    }

    @Test
    void keepOnFailureLeavesTheRunsObjectsAndOnlyThose() {
        Map<String, List<String>> before = snapshot();
        Mesh mesh = run(Map.of("mesh.keepOnFailure", "true"));
        String ns = stagesUpToDetails(mesh).bookinfo().namespace();
        assertThrows(StageFailedException.class, () -> mesh.stage("a later stage", Layer.PAGE, () -> {
            throw new AssertionError("the page shows no details");
        }));
        mesh.close();
        for (String cluster : List.of("primary", "remote")) {
            KubernetesClient client = cluster.equals("primary") ? mocks.primary().client() : mocks.remote().client();
            assertNotNull(client.namespaces().withName(ns).get(), "kept for inspection in " + cluster);
            List<String> after = snapshot().get(cluster);
            List<String> added = new ArrayList<>(after);
            added.removeAll(before.get(cluster));
            assertFalse(added.isEmpty());
            assertTrue(added.stream().allMatch(o -> o.contains(" " + ns + "/") || o.startsWith("Namespace null/" + ns
                    + " ")), "only the run's own objects are left in " + cluster + ": " + added);
            List<String> gone = new ArrayList<>(before.get(cluster));
            gone.removeAll(after);
            assertEquals(List.of(), gone, "nothing of the user's changed in " + cluster);
        }
    }
}
