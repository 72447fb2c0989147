package io.meshconformance.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.meshconformance.bookinfo.BookinfoDeployer;
import io.meshconformance.cluster.Kubeconfigs;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.MockClusters;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.config.SettingSource;
import io.meshconformance.config.StageTimeout;
import io.meshconformance.lifecycle.Layer;
import io.meshconformance.doctor.HealthyMesh;
import io.meshconformance.istio.AttachCheck;
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

    @BeforeEach
    void healthyMesh() {
        mocks = new MockClusters();
        HealthyMesh.populate(mocks);
    }

    @AfterEach
    void close() {
        mocks.close();
    }

    MeshRun run(Map<String, String> extra) {
        Map<String, String> props = Kubeconfigs.existingMode(dir, mocks);
        props.putAll(Map.of("mesh.results", dir.resolve("results").toString(), "mesh.timeout.attach", "2s"));
        props.putAll(extra);
        MeshSettings settings = MeshSettings.from(SettingSource.of(props, Map.of()));
        Function<MeshCluster, IstiodDebug> fixtures = primary -> istiod;
        return new MeshRun(settings, MockClusters.TOPOLOGY, RUN, fixtures);
    }

    /** Every object of the kinds the harness reads or writes, with its resourceVersion, in both clusters. */
    Map<String, List<String>> snapshot() {
        Map<String, List<String>> all = new HashMap<>();
        all.put("primary", objects(mocks.primary().client()));
        all.put("remote", objects(mocks.remote().client()));
        return all;
    }

    static List<String> objects(KubernetesClient c) {
        List<HasMetadata> found = new ArrayList<>();
        found.addAll(c.namespaces().list().getItems());
        found.addAll(c.nodes().list().getItems());
        found.addAll(c.secrets().inAnyNamespace().list().getItems());
        found.addAll(c.configMaps().inAnyNamespace().list().getItems());
        found.addAll(c.services().inAnyNamespace().list().getItems());
        found.addAll(c.serviceAccounts().inAnyNamespace().list().getItems());
        found.addAll(c.apps().deployments().inAnyNamespace().list().getItems());
        found.addAll(c.pods().inAnyNamespace().list().getItems());
        for (String plural : List.of("gateways", "virtualservices")) {
            List<GenericKubernetesResource> istio = c.genericKubernetesResources(new ResourceDefinitionContext.Builder()
                    .withGroup("networking.istio.io").withVersion("v1").withPlural(plural).withNamespaced(true)
                    .build()).inAnyNamespace().list().getItems();
            found.addAll(istio);
        }
        return found.stream().map(o -> o.getKind() + " " + o.getMetadata().getNamespace() + "/"
                + o.getMetadata().getName() + " rv=" + o.getMetadata().getResourceVersion()).sorted().toList();
    }

    /** Stages 1-6 as the suite runs them in existing mode, less the waits for pods the mocks cannot run. */
    static void stagesUpToDetails(MeshRun mesh) {
        mesh.stage("Clusters reached -> preflight doctor finds no failure", Layer.CLUSTER, () -> {
            mesh.startClusters();
            mesh.doctor();
        });
        mesh.stage("Bookinfo without details in the primary (applied only)", Layer.PAGE, () -> {
            for (MeshCluster cluster : mesh.clusters().all()) {
                mesh.bookinfo().createNamespace(cluster, mesh.meshObjects());
            }
            mesh.bookinfo().apply(mesh.primary(), List.of(BookinfoDeployer.PRIMARY, BookinfoDeployer.GATEWAY),
                    mesh.meshObjects());
        });
        mesh.stage("Attach as found -> istiod reports the remote synced", Layer.ATTACH_SYNC, () ->
                AttachCheck.awaitSynced(mesh.istiod(), mesh.primary().name(), "remote",
                        mesh.timeout(StageTimeout.ATTACH)));
        mesh.stage("details in the remote (applied only)", Layer.REMOTE_INSTALL, () ->
                mesh.bookinfo().apply(mesh.remotes().get(0), List.of(BookinfoDeployer.REMOTE), mesh.meshObjects()));
    }

    @Test
    void aRunLeavesBothClustersExactlyAsTheyWere() {
        Map<String, List<String>> before = snapshot();
        MeshRun mesh = run(Map.of());
        stagesUpToDetails(mesh);

        String ns = mesh.bookinfo().namespace();
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
        MeshRun mesh = run(Map.of());
        mesh.stage("Clusters reached -> preflight doctor finds no failure", Layer.CLUSTER, () -> {
            mesh.startClusters();
            mesh.doctor();
        });
        mesh.stage("Bookinfo namespaces", Layer.PAGE, () -> {
            for (MeshCluster cluster : mesh.clusters().all()) {
                mesh.bookinfo().createNamespace(cluster, mesh.meshObjects());
            }
        });
        istiod = HealthyMesh.istiod("clusterz-timeout.json");
        StageFailedException failed = assertThrows(StageFailedException.class, () -> mesh.stage("Attach as found",
                Layer.ATTACH_SYNC, () -> AttachCheck.awaitSynced(mesh.istiod(), "primary", "remote",
                        mesh.timeout(StageTimeout.ATTACH))));
        assertTrue(failed.getMessage().contains("cluster 'remote' is timeout"), failed.getMessage());
        assertThrows(TestAbortedException.class, () -> mesh.stage("details", Layer.REMOTE_INSTALL, () -> { }));

        mesh.close();
        assertEquals(before, snapshot());
    }

    @Test
    void aClusterTheDoctorFindsUnfitIsNotTouchedAtAll() {
        mocks.primary().client().secrets().inNamespace("istio-system").withName("istio-remote-secret-remote").delete();
        Map<String, List<String>> before = snapshot();
        MeshRun mesh = run(Map.of());
        StageFailedException failed = assertThrows(StageFailedException.class, () -> stagesUpToDetails(mesh));
        assertEquals(Layer.ATTACH_SYNC, failed.layer());
        assertTrue(failed.getMessage().startsWith("Broken layer: attach/sync (the remote secret and istiod's sync of"
                + " the remote). Stage 'Clusters reached -> preflight doctor finds no failure' failed: Preflight"
                + " doctor: 1 of 14 checks failed: remote-secret [remote]: no Secret labelled istio/multiCluster=true"),
                failed.getMessage());
        mesh.close();
        assertEquals(before, snapshot());
    }

    @Test
    void keepOnFailureLeavesTheRunsObjectsAndOnlyThose() {
        Map<String, List<String>> before = snapshot();
        MeshRun mesh = run(Map.of("mesh.keepOnFailure", "true"));
        stagesUpToDetails(mesh);
        assertThrows(StageFailedException.class, () -> mesh.stage("a later stage", Layer.PAGE, () -> {
            throw new AssertionError("the page shows no details");
        }));
        mesh.close();
        String ns = mesh.bookinfo().namespace();
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
