package io.meshconformance.bookinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.cluster.MockClusters;
import io.meshconformance.config.LabelSelector;
import io.meshconformance.istio.IstioPlan;
import io.meshconformance.istio.IstiodRevision;
import io.meshconformance.cluster.Manifests;
import io.meshconformance.lifecycle.CleanupStack;
import io.meshconformance.lifecycle.Layer;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.lifecycle.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Component tier: the split lands where it belongs, on two mock API servers standing for the clusters. */
@Tag("component")
class BookinfoDeployerTest {

    static final RunId RUN = new RunId("20261125-1400-abcd");
    MockClusters clusters;
    BookinfoDeployer deployer;

    @BeforeEach
    void setUp() {
        clusters = new MockClusters();
        deployer = new BookinfoDeployer("mirror.example.com/istio", "1.20.3", RUN, Duration.ofMillis(600),
                IstioPlan.INGRESS_GATEWAY_POD_LABEL);
    }

    @AfterEach
    void tearDown() {
        clusters.close();
    }

    static List<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).sorted().toList();
    }

    @Test
    void detailsRunsOnlyInTheRemoteAndItsServiceExistsInBoth() {
        CleanupStack cleanup = new CleanupStack();
        deployer.createNamespace(clusters.primary(), IstiodRevision.installedByRun(), cleanup);
        deployer.createNamespace(clusters.remote(), IstiodRevision.installedByRun(), cleanup);
        deployer.apply(clusters.primary(), List.of(BookinfoDeployer.PRIMARY, BookinfoDeployer.GATEWAY), cleanup);
        deployer.apply(clusters.remote(), List.of(BookinfoDeployer.REMOTE), cleanup);
        String ns = "bookinfo-20261125-1400-abcd";
        assertEquals(ns, deployer.namespace());

        KubernetesClient primary = clusters.primary().client();
        KubernetesClient remote = clusters.remote().client();
        assertEquals(List.of("productpage-v1", "ratings-v1", "reviews-v1", "reviews-v2", "reviews-v3"),
                names(primary.apps().deployments().inNamespace(ns).list().getItems()));
        assertEquals(List.of("details", "productpage", "ratings", "reviews"),
                names(primary.services().inNamespace(ns).list().getItems()));
        assertEquals(List.of("details-v1"), names(remote.apps().deployments().inNamespace(ns).list().getItems()));
        assertEquals(List.of("details"), names(remote.services().inNamespace(ns).list().getItems()));
        assertEquals(List.of("bookinfo-details"), names(remote.serviceAccounts().inNamespace(ns).list().getItems()));

        var namespace = primary.namespaces().withName(ns).get();
        assertEquals("enabled", namespace.getMetadata().getLabels().get("istio-injection"));
        assertEquals(RUN.value(), namespace.getMetadata().getLabels().get(RunId.LABEL));
        Deployment details = remote.apps().deployments().inNamespace(ns).withName("details-v1").get();
        assertEquals("mirror.example.com/istio/examples-bookinfo-details-v1:1.20.3",
                details.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertEquals(RUN.value(), details.getMetadata().getLabels().get(RunId.LABEL));
        assertEquals(9080, primary.services().inNamespace(ns).withName("details").get().getSpec().getPorts().get(0)
                .getPort());

        var gateway = primary.genericKubernetesResources("networking.istio.io/v1", "Gateway").inNamespace(ns)
                .withName("bookinfo-gateway").get();
        assertTrue(gateway.toString().contains("ingressgateway"), gateway.toString());

        cleanup.close();
        assertEquals(null, primary.namespaces().withName(ns).get());
        assertEquals(null, remote.namespaces().withName(ns).get());
    }

    @Test
    void aRevisionedControlPlaneGetsTheRunsNamespacesLabelledWithItsRevisionOnly() {
        CleanupStack cleanup = new CleanupStack();
        IstiodRevision revision = new IstiodRevision("istio-cp", Optional.of("1-30-3"), Optional.empty(),
                IstiodRevision.Found.ONLY_ONE);
        deployer.createNamespace(clusters.primary(), revision, cleanup);
        deployer.createNamespace(clusters.remote(), new IstiodRevision("istio-cp", Optional.of("1-30-3"),
                Optional.of("prod"), IstiodRevision.Found.GIVEN_TAG), cleanup);
        Map<String, String> primary = clusters.primary().client().namespaces().withName(deployer.namespace()).get()
                .getMetadata().getLabels();
        assertEquals("1-30-3", primary.get("istio.io/rev"));
        // A revision's webhook steps back where istio-injection is set at all (mutatingwebhook.yaml, 1.30.3).
        assertFalse(primary.containsKey("istio-injection"), primary.toString());
        assertEquals(RUN.value(), primary.get(RunId.LABEL));
        assertEquals("prod", clusters.remote().client().namespaces().withName(deployer.namespace()).get()
                .getMetadata().getLabels().get("istio.io/rev"));
        assertEquals(revision, deployer.deployment(revision).controlPlane());
        cleanup.close();
    }

    @Test
    void readinessWaitNamesTheDeploymentsNotReadyAndPassesOnceTheyAre() {
        CleanupStack cleanup = new CleanupStack();
        deployer.createNamespace(clusters.remote(), IstiodRevision.installedByRun(), cleanup);
        deployer.apply(clusters.remote(), List.of(BookinfoDeployer.REMOTE), cleanup);
        Waits.WaitTimeoutException e = assertThrows(Waits.WaitTimeoutException.class,
                () -> deployer.awaitReady(clusters.remote()));
        assertTrue(e.getMessage().contains("cluster 'remote': Bookinfo Deployments in bookinfo-20261125-1400-abcd"
                + " ready; last seen: details-v1 0/1 ready"), e.getMessage());
        assertEquals(Optional.empty(), e.brokenLayer(), "pods merely not ready yet: the stage's own layer stands");
        // Plays the Deployment controller, which the mock does not run.
        clusters.remote().client().apps().deployments().inNamespace(deployer.namespace()).withName("details-v1")
                .editStatus(d -> {
                    d.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).build());
                    return d;
                });
        deployer.awaitReady(clusters.remote());
    }

    @Test
    void aDeploymentScaledToZeroIsReadyThoughTheApiServerLeavesReadyReplicasOut() {
        CleanupStack cleanup = new CleanupStack();
        deployer.createNamespace(clusters.remote(), IstiodRevision.installedByRun(), cleanup);
        deployer.apply(clusters.remote(), List.of(BookinfoDeployer.REMOTE), cleanup);
        // Plays the Deployment controller: zero replicas asked, and (as the API server writes it) no readyReplicas.
        clusters.remote().client().apps().deployments().inNamespace(deployer.namespace()).withName("details-v1")
                .edit(d -> {
                    d.getSpec().setReplicas(0);
                    d.setStatus(new DeploymentStatusBuilder().withReplicas(0).build());
                    return d;
                });
        deployer.awaitReady(clusters.remote());
    }

    @Test
    void anImageTheClusterCannotPullPointsAtTheClustersWhateverStageWaited() {
        CleanupStack cleanup = new CleanupStack();
        deployer.createNamespace(clusters.remote(), IstiodRevision.installedByRun(), cleanup);
        deployer.apply(clusters.remote(), List.of(BookinfoDeployer.REMOTE), cleanup);
        // Plays the kubelet, which reports the container waiting for an image it cannot pull.
        clusters.remote().client().pods().inNamespace(deployer.namespace()).resource(new PodBuilder()
                .withNewMetadata().withName("details-v1-abc").withNamespace(deployer.namespace())
                .addToLabels("app", "details").addToLabels("version", "v1").endMetadata()
                .withNewStatus().withPhase("Pending").addNewContainerStatus().withName("details")
                .withImage("mirror.example.com/istio/examples-bookinfo-details-v1:1.20.3").withReady(false)
                .withNewState().withNewWaiting().withReason("ImagePullBackOff").endWaiting().endState()
                .endContainerStatus().endStatus().build()).create();
        Waits.WaitTimeoutException e = assertThrows(Waits.WaitTimeoutException.class,
                () -> deployer.awaitReady(clusters.remote()));
        assertTrue(e.getMessage().contains("details ImagePullBackOff (image mirror.example.com/istio/examples-bookinfo"
                + "-details-v1:1.20.3 cannot be pulled inside the cluster: see mesh.images.mirror"), e.getMessage());
        assertEquals(Optional.of(Layer.CLUSTER), e.brokenLayer());
    }

    @Test
    void podsThatCannotBeCreatedAreExplained() {
        CleanupStack cleanup = new CleanupStack();
        deployer.createNamespace(clusters.remote(), IstiodRevision.installedByRun(), cleanup);
        deployer.apply(clusters.remote(), List.of(BookinfoDeployer.REMOTE), cleanup);
        // Plays the Deployment controller when the injection webhook refuses the pods.
        clusters.remote().client().apps().deployments().inNamespace(deployer.namespace()).withName("details-v1")
                .editStatus(d -> {
                    d.setStatus(new DeploymentStatusBuilder().addNewCondition().withType("ReplicaFailure")
                            .withStatus("True").withReason("FailedCreate").withMessage("Internal error occurred:"
                                    + " failed calling webhook \"namespace.sidecar-injector.istio.io\": dial tcp"
                                    + " 192.168.255.2:15017: connect: connection refused").endCondition().build());
                    return d;
                });
        Waits.WaitTimeoutException e = assertThrows(Waits.WaitTimeoutException.class,
                () -> deployer.awaitReady(clusters.remote()));
        assertTrue(e.getMessage().contains("details-v1 0/1 ready [pods not created: FailedCreate: Internal error"
                + " occurred: failed calling webhook"), e.getMessage());
    }

    @Test
    void theGatewaySelectsTheConfiguredIngressPods() {
        BookinfoDeployer custom = new BookinfoDeployer("docker.io/istio", "1.20.3", RUN, Duration.ofMillis(600),
                LabelSelector.of(Map.of("istio", "ingress", "app", "istio-ingress")));
        for (var pair : List.of(Map.entry(deployer, Map.of("istio", "ingressgateway")),
                Map.entry(custom, Map.of("istio", "ingress", "app", "istio-ingress")))) {
            List<HasMetadata> objects = Manifests.parse(clusters.primary().client(),
                    pair.getKey().render(BookinfoDeployer.GATEWAY));
            var gateway = (GenericKubernetesResource) objects.stream()
                    .filter(o -> o.getKind().equals("Gateway")).findFirst().orElseThrow();
            Object selector = ((Map<?, ?>) gateway.getAdditionalProperties().get("spec")).get("selector");
            assertEquals(pair.getValue(), selector);
        }
    }

    @Test
    void aNamespaceThatAppearsBeforeTheCreateIsNeitherAdoptedNorDeletedLater() {
        // Someone creates the name between the harness's check and its create: the API answers 409.
        clusters.server("primary").expect().post().withPath("/api/v1/namespaces")
                .andReturn(409, new StatusBuilder().withCode(409)
                        .withReason("AlreadyExists").withMessage("namespaces \"" + deployer.namespace()
                                + "\" already exists").build()).once();
        CleanupStack cleanup = new CleanupStack();
        assertThrows(RuntimeException.class, () -> deployer.createNamespace(clusters.primary(), IstiodRevision.installedByRun(), cleanup));
        assertEquals(0, cleanup.size(), "no undo for a namespace the run did not create");
    }

    @Test
    void anExistingNamespaceOfTheSameNameIsRefused() {
        clusters.remote().client().namespaces().resource(new NamespaceBuilder()
                .withNewMetadata().withName(deployer.namespace()).endMetadata().build()).create();
        CleanupStack cleanup = new CleanupStack();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> deployer.createNamespace(clusters.remote(), IstiodRevision.installedByRun(), cleanup));
        assertTrue(e.getMessage().contains("namespace " + deployer.namespace() + " exists and was not created by this"
                + " run; the harness does not touch it. Its name is unique per run, so it is a leftover"),
                e.getMessage());
        assertEquals(0, cleanup.size());
    }

    @Test
    void everyPlaceholderIsFilled() {
        // render() refuses a placeholder it does not fill, so rendering each manifest is the check.
        for (var manifest : List.of(BookinfoDeployer.PRIMARY, BookinfoDeployer.REMOTE, BookinfoDeployer.GATEWAY)) {
            Assertions.assertDoesNotThrow(() -> deployer.render(manifest), manifest.toString());
        }
        assertTrue(deployer.render(BookinfoDeployer.PRIMARY)
                .contains("image: mirror.example.com/istio/examples-bookinfo-productpage-v1:1.20.3"));
    }

    @Test
    void theGatewayAndItsRoutesAnswerOnlyForTheRunsOwnHost() {
        String gateway = deployer.render(BookinfoDeployer.GATEWAY);
        String host = deployer.namespace() + ".conformance.test";
        assertEquals(host, deployer.host());
        // Gateway server hosts and VirtualService hosts: never "*", which would share routes with an existing
        // Bookinfo behind the same ingress gateway.
        assertEquals(2, gateway.split("- \"" + Pattern.quote(host) + "\"", -1).length - 1, gateway);
        assertFalse(gateway.contains("\"*\""), gateway);
    }
}
