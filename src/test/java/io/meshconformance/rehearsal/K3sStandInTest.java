package io.meshconformance.rehearsal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.cluster.ClusterOrigin;
import io.meshconformance.cluster.ClusterSnapshot;
import io.meshconformance.cluster.KeptMesh;
import io.meshconformance.cluster.MeshClusters;
import io.meshconformance.cluster.MeshFingerprint;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.config.Mode;
import io.meshconformance.config.SettingSource;
import io.meshconformance.lifecycle.RunId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The k3s stand-in between runs of one world (mesh.reuse), on its own: which kept mesh it hands back, which it
 * removes and with what reason (the sentences K3sClusterProvider's judge gives), and that removing the clusters
 * empties both API servers while the world goes on working.
 */
@Tag("rehearsal")
class K3sStandInTest {

    static final MeshFingerprint FINGERPRINT = new MeshFingerprint(Map.of("k3s.image", "rancher/k3s:v1.35.4-k3s1",
            MeshFingerprint.HARNESS, "test"));
    static final MeshFingerprint OTHER_IMAGE = new MeshFingerprint(Map.of("k3s.image", "rancher/k3s:v1.34.6-k3s1",
            MeshFingerprint.HARNESS, "test"));
    static final RunId RUN_1 = new RunId("20261202-1200-0001");
    static final RunId RUN_2 = new RunId("20261202-1300-0002");

    @TempDir
    Path dir;
    Rehearsal world;
    MeshSettings settings;

    @BeforeEach
    void world() {
        world = new Rehearsal(Mode.K3S, dir);
        settings = MeshSettings.from(SettingSource.of(Map.copyOf(world.settings), Map.of()));
    }

    @AfterEach
    void close() {
        world.close();
    }

    MeshClusters run(RunId run, MeshFingerprint fingerprint) {
        return world.k3s.with(settings, run).reuseOrStart(world.topology, fingerprint);
    }

    static KeptMesh record(MeshFingerprint fingerprint, RunId madeBy) {
        Instant at = Instant.parse("2026-12-02T12:00:00Z");
        return new KeptMesh(fingerprint.hash(), fingerprint.parts(), fingerprint.harness(), madeBy.value(), at,
                List.of("Istio in 'primary': istio-base, istiod"), Map.of("1. Clusters", 6.0), madeBy.value(), at, 1);
    }

    /** A run that passed: its clusters sealed with its record and closed. */
    void passed(MeshClusters clusters, MeshFingerprint fingerprint, RunId run) {
        clusters.reuse(record(fingerprint, run));
        clusters.close();
    }

    @Test
    void aSealedMeshOfTheRunsFingerprintIsReachedAgainWithWhatItHolds() {
        MeshClusters first = run(RUN_1, FINGERPRINT);
        assertEquals(ClusterOrigin.cold(), first.origin());
        first.primary().client().namespaces().resource(new NamespaceBuilder().withNewMetadata()
                .withName("istio-system").endMetadata().build()).create();
        passed(first, FINGERPRINT, RUN_1);
        assertEquals(Optional.of(record(FINGERPRINT, RUN_1)), world.k3s.keptMesh());

        MeshClusters second = run(RUN_2, FINGERPRINT);

        assertEquals(ClusterOrigin.warm(record(FINGERPRINT, RUN_1)), second.origin());
        assertNotSame(first.primary().client(), second.primary().client(), "a run reaches the mesh with its own clients");
        assertNotNull(second.primary().client().namespaces().withName("istio-system").get(), "what the mesh holds");
        assertEquals(1, world.k3s.starts());
        assertEquals(List.of(), world.k3s.removals());
        second.close(); // neither sealed again nor kept: a failed run's
        assertEquals(List.of("the clusters of run " + RUN_1.value() + " removed by run " + RUN_2.value()
                + "'s teardown"), world.k3s.removals());
        assertEquals(Optional.empty(), world.k3s.keptMesh());
    }

    @Test
    void aMeshNoPassingRunSealedIsRemovedAndTheClustersStartAfresh() {
        MeshClusters crashed = run(RUN_1, FINGERPRINT); // the JVM died: never sealed, never closed
        crashed.primary().client().namespaces().resource(new NamespaceBuilder().withNewMetadata()
                .withName("bookinfo-" + RUN_1.value()).endMetadata().build()).create();

        MeshClusters next = run(RUN_2, FINGERPRINT);

        String reason = "kept mesh " + FINGERPRINT.hash() + " of run " + RUN_1.value() + ": no record: the run that made"
                + " it did not pass, or stopped before sealing it";
        assertEquals(ClusterOrigin.started(List.of(reason)), next.origin());
        assertEquals(List.of(reason), world.k3s.removals());
        assertEquals(List.of("default", "kube-public", "kube-system"), namespaces(next.primary().client()),
                "new clusters: k3s's namespaces only");
        assertEquals(2, world.k3s.starts());
    }

    @Test
    void anotherFingerprintIsNamedPartByPartWhenARecordSaysWhatItWas() {
        passed(run(RUN_1, FINGERPRINT), FINGERPRINT, RUN_1);

        MeshClusters other = run(RUN_2, OTHER_IMAGE);

        assertEquals(List.of("kept mesh " + FINGERPRINT.hash() + " of run " + RUN_1.value() + ": k3s.image: kept 'rancher/k3s:v1.35.4-k3s1', this run 'rancher/k3s:v1.34.6-k3s1'"),
                other.origin().reasons());
        assertEquals(ClusterOrigin.Kind.REBUILT, other.origin().kind());
    }

    @Test
    void anotherFingerprintWithoutARecordIsNamedByItsHash() {
        run(RUN_1, FINGERPRINT); // never sealed

        MeshClusters other = run(RUN_2, OTHER_IMAGE);

        assertEquals(List.of("kept mesh " + FINGERPRINT.hash() + " of run " + RUN_1.value() + ": made for fingerprint "
                + FINGERPRINT.hash() + ", this run's is " + OTHER_IMAGE.hash() + "; no record: the run that made it did"
                + " not pass, or stopped before sealing it"), other.origin().reasons());
    }

    @Test
    void everyStoppedNodeIsNamedAndTheNewClustersRunAgain() {
        passed(run(RUN_1, FINGERPRINT), FINGERPRINT, RUN_1);
        world.k3s.stopNode("remote").stopNode("primary");

        MeshClusters rebuilt = run(RUN_2, FINGERPRINT);

        assertEquals(List.of("kept mesh " + FINGERPRINT.hash() + " of run " + RUN_1.value() + ": the node of cluster"
                + " 'primary' (container mesh-" + RUN_1.value() + "-primary) is exited; the node of cluster 'remote'"
                + " (container mesh-" + RUN_1.value() + "-remote) is exited"),
                rebuilt.origin().reasons());
        passed(rebuilt, FINGERPRINT, RUN_2);
        assertEquals(ClusterOrigin.Kind.WARM, run(new RunId("20261202-1400-0003"), FINGERPRINT).origin().kind(),
                "the rebuilt mesh's nodes run");
    }

    @Test
    void removingTheClustersEmptiesBothApiServersAndTheWorldWorksOnAfterwards() {
        MeshClusters first = run(RUN_1, FINGERPRINT);
        KubernetesClient primary = first.primary().client();
        primary.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("app").endMetadata()
                .build()).create();
        primary.resource(deployment()).create();
        primary.admissionRegistration().v1().mutatingWebhookConfigurations().resource(
                new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("istio-sidecar-injector")
                        .endMetadata().build()).create();
        primary.genericKubernetesResources(PageStandIn.GATEWAYS).inNamespace("app").resource(
                new GenericKubernetesResourceBuilder().withApiVersion(
                        "networking.istio.io/v1").withKind("Gateway").withNewMetadata().withName("gw")
                        .withNamespace("app").endMetadata().build()).create();
        world.primaryControllers.reconcileOnce();
        assertEquals("10.10.0.2", pod(primary).getStatus().getPodIP());
        first.close(); // neither sealed nor kept: removed

        assertEquals(List.of(), ClusterSnapshot.objects(world.primary()));
        assertEquals(List.of(), ClusterSnapshot.objects(world.remote()));
        assertEquals(List.of(), world.primary().admissionRegistration().v1().mutatingWebhookConfigurations().list()
                .getItems());

        MeshClusters again = run(RUN_2, FINGERPRINT);
        KubernetesClient client = again.primary().client();
        assertEquals(List.of("primary-server"), client.nodes().list().getItems().stream()
                .map(n -> n.getMetadata().getName()).toList(), "k3s's objects are back");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("app").endMetadata()
                .build()).create();
        APIResourceList istio = client.getApiResources("networking.istio.io/v1");
        assertEquals(List.of("gateways", "virtualservices"), istio == null ? List.of() : istio.getResources().stream()
                .map(APIResource::getName).sorted().toList(), "Istio's kinds are served again, as after the base chart");
        client.resource(deployment()).create();
        world.primaryControllers.reconcileOnce();
        assertEquals("10.10.0.2", pod(client).getStatus().getPodIP(), "the new cluster's controllers start afresh");
    }

    @Test
    void aRunCannotStartClustersBesideKeptOnesNorSealClustersNotMadeToBeKept() {
        passed(run(RUN_1, FINGERPRINT), FINGERPRINT, RUN_1);
        IllegalStateException beside = assertThrows(IllegalStateException.class,
                () -> world.k3s.with(settings, RUN_2).start(world.topology));
        assertTrue(beside.getMessage().contains("clusters of run " + RUN_1.value() + " are still up"),
                beside.getMessage());

        world.k3s.with(settings, RUN_2).reuseOrStart(world.topology, OTHER_IMAGE).close();
        MeshClusters plain = world.k3s.with(settings, new RunId("20261202-1400-0003")).start(world.topology);
        plain.reuse(record(FINGERPRINT, RUN_2));
        assertThrows(UnsupportedOperationException.class, plain::close);
    }

    static Deployment deployment() {
        return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("app").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector().withNewTemplate()
                .withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer()
                .withName("web").withImage("nginx").endContainer().endSpec().endTemplate().endSpec().build();
    }

    static Pod pod(KubernetesClient client) {
        List<Pod> pods = client.pods().inNamespace("app").list().getItems();
        assertEquals(1, pods.size(), pods.toString());
        return pods.get(0);
    }

    static List<String> namespaces(KubernetesClient client) {
        return client.namespaces().list().getItems().stream().map(n -> n.getMetadata().getName()).sorted().toList();
    }
}
