package io.meshconformance.rehearsal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.bookinfo.RegistryVerdict;
import io.meshconformance.cluster.MockClusters;
import io.meshconformance.doctor.HealthyMesh;
import io.meshconformance.istio.AttachCheck;
import io.meshconformance.istio.IstiodDebug;
import io.meshconformance.istio.IstiodRevision;
import io.meshconformance.istio.IstiodDebugParser;
import io.meshconformance.istio.IstiodDebugParser.ClusterStatus;
import io.meshconformance.istio.IstiodDebugParser.ShardEndpoint;
import io.meshconformance.istio.RemoteSecret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The istiod stand-in against two mock clusters holding a healthy mesh (HealthyMesh) plus the details pod of the
 * remote. The mocks run no controllers: this test plays the EndpointSlice controller's part (it writes the slice of
 * the remote's details Service) and the kubelet's (the pod's Running and Ready status).
 */
@Tag("rehearsal")
class IstiodStandInTest {

    static final String REMOTE_SERVER = "https://" + MockClusters.REMOTE_NODE + ":6443";
    static final String DETAILS_POD = "details-v1-7d4d9d5fcb-x2x9q";
    static final String DETAILS_HOST = RegistryVerdict.detailsHost(HealthyMesh.APP_NAMESPACE);

    MockClusters clusters;
    KubernetesClient primary;
    KubernetesClient remote;

    @BeforeEach
    void mesh() {
        clusters = new MockClusters();
        primary = clusters.primary().client();
        remote = clusters.remote().client();
        HealthyMesh.populate(clusters); // includes the remote secret istioctl would write for "remote"
        // The Deployment controller and kubelet's part: istiod's pod, running, labelled as the chart labels it.
        primary.pods().inNamespace("istio-system").resource(new PodBuilder().withNewMetadata().withName("istiod-abc")
                .withNamespace("istio-system").addToLabels("app", "istiod").addToLabels("istio.io/rev", "default")
                .endMetadata().withNewStatus().withPhase("Running").endStatus().build()).create();
        detailsPod(remote, "remote");
        // The EndpointSlice controller's part: one ready endpoint (the pod) and one not ready, which istiod skips.
        remote.discovery().v1().endpointSlices().inNamespace(HealthyMesh.APP_NAMESPACE).resource(
                new EndpointSliceBuilder().withNewMetadata().withName("details-7xk2p")
                        .withNamespace(HealthyMesh.APP_NAMESPACE).addToLabels("kubernetes.io/service-name", "details")
                        .endMetadata().withAddressType("IPv4")
                        .addNewEndpoint().withAddresses("10.20.0.12").withNewConditions().withReady(true)
                        .endConditions().withNewTargetRef().withKind("Pod").withName(DETAILS_POD)
                        .withNamespace(HealthyMesh.APP_NAMESPACE).endTargetRef().withNodeName("remote-server")
                        .endEndpoint()
                        .addNewEndpoint().withAddresses("10.20.0.99").withNewConditions().withReady(false)
                        .endConditions().endEndpoint()
                        .addNewPort().withName("http").withPort(9080).withProtocol("TCP").endPort().build()).create();
    }

    @AfterEach
    void close() {
        clusters.close();
    }

    IstiodStandIn standIn(Duration syncTimeout) {
        return new IstiodStandIn("primary", primary,
                server -> server.equals(REMOTE_SERVER) ? Optional.of(remote) : Optional.empty(), syncTimeout);
    }

    IstiodDebug debug(IstiodStandIn standIn) {
        return standIn.in(clusters.primary(), IstiodRevision.installedByRun(), Duration.ofSeconds(5));
    }

    @Test
    void aSyncedRemoteSecretGivesTheRemotesEndpointsAndTheVerdictHolds() throws Exception {
        IstiodStandIn standIn = standIn(Duration.ofSeconds(30));
        IstiodDebug istiod = debug(standIn);

        assertEquals(List.of(new ClusterStatus("remote", "istio-system/istio-remote-secret-remote", "synced"),
                new ClusterStatus("primary", "", "synced")), IstiodDebugParser.clusterz(istiod.get("debug/clusterz")));
        assertEquals(Optional.empty(), AttachCheck.problem(istiod, "remote"));
        assertEquals(Optional.empty(), RegistryVerdict.problem(istiod, HealthyMesh.APP_NAMESPACE,
                clusters.remote().spec()));

        List<ShardEndpoint> endpoints = IstiodDebugParser.endpointShardz(istiod.get("debug/endpointShardz"),
                DETAILS_HOST);
        assertEquals(List.of(new ShardEndpoint(DETAILS_HOST, HealthyMesh.APP_NAMESPACE, "Kubernetes/remote", "remote",
                List.of("10.20.0.12"), "", "spiffe://cluster.local/ns/bookinfo/sa/bookinfo-details", 9080)),
                endpoints);
        assertEquals(List.of("Kubernetes/primary", "Kubernetes/remote"),
                IstiodDebugParser.shardNames(istiod.get("debug/endpointShardz"), DETAILS_HOST));
        assertTrue(standIn.hasEndpoints(DETAILS_HOST, "remote"));
        assertFalse(standIn.hasEndpoints(DETAILS_HOST, "primary"));
        assertTrue(standIn.hasEndpointsOutside(DETAILS_HOST, "primary"), "the primary's sidecar has the remote's");
        assertFalse(standIn.hasEndpointsOutside(DETAILS_HOST, "remote"), "the primary's shard for details is empty");

        // istio-system's Services are in the registry too, merged by hostname across clusters.
        assertEquals(1, IstiodDebugParser.registryz(istiod.get("debug/registryz")).stream()
                .filter(s -> s.hostname().equals("istiod.istio-system.svc.cluster.local")).count());
    }

    @Test
    void aRunningIstiodPublishesItsRootWhereItLeadsAndOnlyWhereItIsMissing() {
        IstiodStandIn standIn = standIn(Duration.ofSeconds(30));
        for (KubernetesClient client : List.of(primary, remote)) {
            client.configMaps().inNamespace("istio-system").withName("istio-ca-root-cert").delete();
        }
        remote.namespaces().withName("istio-system").edit(ns -> {
            ns.getMetadata().getAnnotations().put("topology.istio.io/controlPlaneClusters", "other");
            return ns;
        });

        standIn.publishRootCert();

        assertEquals(Optional.of(HealthyMesh.ROOT_PEM), rootCert(primary));
        assertEquals(Optional.empty(), rootCert(remote), "the remote names another control plane");
        remote.namespaces().withName("istio-system").edit(ns -> {
            ns.getMetadata().getAnnotations().put("topology.istio.io/controlPlaneClusters", "primary");
            return ns;
        });
        standIn.publishRootCert();
        assertEquals(Optional.of(HealthyMesh.ROOT_PEM), rootCert(remote), "the remote names the primary now");

        remote.configMaps().inNamespace("istio-system").withName("istio-ca-root-cert").delete();
        HealthyMesh.rootCert(remote, HealthyMesh.OTHER_ROOT_PEM);
        standIn.publishRootCert();
        assertEquals(Optional.of(HealthyMesh.OTHER_ROOT_PEM), rootCert(remote), "one there is left as it is");

        primary.configMaps().inNamespace("istio-system").withName("istio-ca-root-cert").delete();
        primary.apps().deployments().inNamespace("istio-system").withName("istiod").delete();
        standIn.publishRootCert();
        assertEquals(Optional.empty(), rootCert(primary), "no istiod runs");
    }

    static Optional<String> rootCert(KubernetesClient client) {
        return Optional.ofNullable(client.configMaps().inNamespace("istio-system").withName("istio-ca-root-cert")
                .get()).map(cm -> cm.getData().get("root-cert.pem"));
    }

    @Test
    void aSecretWhoseServerNobodyAnswersIsSyncingThenTimesOut() throws Exception {
        primary.secrets().inNamespace(RemoteSecret.NAMESPACE).withName("istio-remote-secret-remote").delete();
        HealthyMesh.remoteSecret(primary, "remote", kubeconfig("remote", "https://192.168.255.9:6443"));
        IstiodStandIn standIn = standIn(Duration.ofMillis(300));
        IstiodDebug istiod = debug(standIn);

        assertEquals("syncing", status(istiod, "remote"));
        assertEquals(AttachCheck.State.NOT_SYNCED, AttachCheck.problem(istiod, "remote").orElseThrow().state());
        assertEquals(List.of("Kubernetes/primary"),
                IstiodDebugParser.shardNames(istiod.get("debug/endpointShardz"), DETAILS_HOST));

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (status(istiod, "remote").equals("syncing") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals("timeout", status(istiod, "remote"));
        assertFalse(standIn.hasEndpoints(DETAILS_HOST, "remote"));
    }

    @Test
    void aSecretKeyedByAnotherNameShardsTheRemotesEndpointsUnderThatName() throws Exception {
        primary.secrets().inNamespace(RemoteSecret.NAMESPACE).withName("istio-remote-secret-remote").delete();
        HealthyMesh.remoteSecret(primary, "wrong-name", kubeconfig("wrong-name", REMOTE_SERVER));
        IstiodDebug istiod = debug(standIn(Duration.ofSeconds(30)));

        List<ClusterStatus> clusterz = IstiodDebugParser.clusterz(istiod.get("debug/clusterz"));
        assertEquals(List.of("wrong-name", "primary"), clusterz.stream().map(ClusterStatus::id).toList());
        assertEquals("synced", status(istiod, "wrong-name"));
        assertEquals(AttachCheck.State.UNKNOWN, AttachCheck.problem(istiod, "remote").orElseThrow().state());

        List<ShardEndpoint> endpoints = IstiodDebugParser.endpointShardz(istiod.get("debug/endpointShardz"),
                DETAILS_HOST);
        assertEquals(List.of("Kubernetes/wrong-name"), endpoints.stream().map(ShardEndpoint::shard).toList());
        assertEquals(List.of("10.20.0.12"), endpoints.get(0).addresses());
        String problem = RegistryVerdict.problem(istiod, HealthyMesh.APP_NAMESPACE, clusters.remote().spec())
                .orElseThrow();
        assertTrue(problem.contains("nothing from Kubernetes/remote"), problem);
    }

    @Test
    void withoutASecretOnlyThePrimarysShardExists() throws Exception {
        primary.secrets().inNamespace(RemoteSecret.NAMESPACE).withName("istio-remote-secret-remote").delete();
        IstiodStandIn standIn = standIn(Duration.ofSeconds(30));
        IstiodDebug istiod = debug(standIn);

        assertEquals(List.of(new ClusterStatus("primary", "", "synced")),
                IstiodDebugParser.clusterz(istiod.get("debug/clusterz")));
        assertEquals(List.of("Kubernetes/primary"),
                IstiodDebugParser.shardNames(istiod.get("debug/endpointShardz"), DETAILS_HOST));
        assertTrue(IstiodDebugParser.endpointShardz(istiod.get("debug/endpointShardz"), DETAILS_HOST).isEmpty());
        assertFalse(standIn.hasEndpoints(DETAILS_HOST, "remote"));
        String problem = RegistryVerdict.problem(istiod, HealthyMesh.APP_NAMESPACE, clusters.remote().spec())
                .orElseThrow();
        assertTrue(problem.contains("nothing from Kubernetes/remote"), problem);
    }

    @Test
    void keysItsOwnIdAndKubeconfigsItCannotUseAreLeftOut() throws Exception {
        primary.secrets().inNamespace(RemoteSecret.NAMESPACE).withName("istio-remote-secret-remote").delete();
        HealthyMesh.remoteSecret(primary, "primary", kubeconfig("primary", REMOTE_SERVER));
        HealthyMesh.remoteSecret(primary, "broken", "clusters: [ this is not a kubeconfig");
        String noContext = kubeconfig("nocontext", REMOTE_SERVER).replaceAll("(?m)^current-context:.*$", "");
        assertFalse(noContext.contains("current-context"), noContext);
        HealthyMesh.remoteSecret(primary, "nocontext", noContext);
        IstiodDebug istiod = debug(standIn(Duration.ofSeconds(30)));

        assertEquals(List.of(new ClusterStatus("primary", "", "synced")),
                IstiodDebugParser.clusterz(istiod.get("debug/clusterz")));
    }

    @Test
    void readsKubeconfigsAsIstiodDoesWithItsAllowlist() throws Exception {
        // client-go's validation: a context naming a user the file lacks is never loaded.
        HealthyMesh.remoteSecret(primary, "nouser", "apiVersion: v1\nkind: Config\nclusters:\n- name: nouser\n"
                + "  cluster:\n    server: https://10.9.9.9:6443\n    certificate-authority-data: Y2E=\ncontexts:\n"
                + "- name: nouser\n  context:\n    cluster: nouser\n    user: reader\ncurrent-context: nouser\n"
                + "users:\n- name: nouser\n  user:\n    token: " + HealthyMesh.FAKE_TOKEN + "\n");
        // exec is refused unless PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS in istiod's env allows it.
        String exec = kubeconfig("viaexec", "https://10.9.9.8:6443").replaceAll("(?m)^    token: .*$",
                "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws");
        HealthyMesh.remoteSecret(primary, "viaexec", exec);
        IstiodDebug istiod = debug(standIn(Duration.ofSeconds(30)));
        assertEquals(List.of("primary", "remote"), IstiodDebugParser.clusterz(istiod.get("debug/clusterz")).stream()
                .map(ClusterStatus::id).sorted().toList());

        primary.apps().deployments().inNamespace("istio-system").withName("istiod").edit(d -> new DeploymentBuilder(d)
                .editSpec().editTemplate().editSpec().editFirstContainer().addNewEnv()
                .withName("PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS").withValue("exec").endEnv().endContainer()
                .endSpec().endTemplate().endSpec().build());
        assertEquals(List.of("primary", "remote", "viaexec"), IstiodDebugParser.clusterz(istiod.get("debug/clusterz"))
                .stream().map(ClusterStatus::id).sorted().toList());
    }

    @Test
    void aControlPlaneListWithSpacesDoesNotNameThisControlPlane() throws Exception {
        // multicluster.go checkShouldLead: items are compared as written.
        remote.namespaces().withName("istio-system").edit(ns -> {
            ns.getMetadata().setAnnotations(Map.of("topology.istio.io/controlPlaneClusters", "other, primary"));
            return ns;
        });
        IstiodDebug istiod = debug(standIn(Duration.ofSeconds(30)));
        assertEquals(List.of(), IstiodDebugParser.syncz(istiod.get("debug/syncz")).stream()
                .map(IstiodDebugParser.ConnectedProxy::proxy).toList());
        remote.namespaces().withName("istio-system").edit(ns -> {
            ns.getMetadata().setAnnotations(Map.of("topology.istio.io/controlPlaneClusters", "other,*"));
            return ns;
        });
        assertEquals(List.of(DETAILS_POD + ".bookinfo"), IstiodDebugParser.syncz(istiod.get("debug/syncz")).stream()
                .map(IstiodDebugParser.ConnectedProxy::proxy).toList());
    }

    @Test
    void syncListsTheRemotesSidecarOnlyWhenTheRemoteNamesThisControlPlane() throws Exception {
        // A sidecar of the primary without ISTIO_META_CLUSTER_ID: istiod's own cluster id is given.
        primary.pods().inNamespace(HealthyMesh.APP_NAMESPACE).resource(new PodBuilder().withNewMetadata()
                .withName("productpage-v1-6b7c9f5d8-kq2lp").withNamespace(HealthyMesh.APP_NAMESPACE).endMetadata()
                .withNewSpec().addNewContainer().withName("istio-proxy").withImage("docker.io/istio/proxyv2:1.30.3")
                .endContainer().endSpec().withNewStatus().withPhase("Running").addNewCondition().withType("Ready")
                .withStatus("True").endCondition().endStatus().build()).create();
        IstiodDebug istiod = debug(standIn(Duration.ofSeconds(30)));
        assertEquals(List.of("productpage-v1-6b7c9f5d8-kq2lp.bookinfo@primary@1.30.3",
                DETAILS_POD + ".bookinfo@remote@1.30.3"), IstiodDebugParser.syncz(istiod.get("debug/syncz")).stream()
                .map(p -> p.proxy() + "@" + p.clusterId() + "@" + p.istioVersion()).toList());

        remote.namespaces().withName("istio-system").edit(ns -> {
            ns.getMetadata().setAnnotations(Map.of());
            return ns;
        });
        assertEquals(List.of("productpage-v1-6b7c9f5d8-kq2lp.bookinfo"),
                IstiodDebugParser.syncz(istiod.get("debug/syncz")).stream()
                        .map(IstiodDebugParser.ConnectedProxy::proxy).toList());
        String problem = RegistryVerdict.problem(istiod, HealthyMesh.APP_NAMESPACE, clusters.remote().spec())
                .orElseThrow();
        assertTrue(problem.contains("no details-v1 proxy"), problem);
    }

    @Test
    void aControlPlaneTheWorldDoesNotRunCannotBeRead() {
        IstiodRevision other = new IstiodRevision("istio-system", Optional.of("1-29-0"), Optional.empty(),
                IstiodRevision.Found.GIVEN_REVISION);
        IstiodDebug debug = standIn(Duration.ofSeconds(5)).in(clusters.primary(), other, Duration.ofSeconds(5));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> debug.get("debug/clusterz"));
        assertEquals("no running istiod pod (labels app=istiod,istio.io/rev=1-29-0 in istio-system)", e.getMessage());
    }

    @Test
    void anUnknownPathIsRefusedByName() {
        IstiodDebug istiod = debug(standIn(Duration.ofSeconds(30)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> istiod.get("debug/configz"));
        assertTrue(e.getMessage().contains("debug/configz"), e.getMessage());
    }

    @Test
    void withoutAReadyIstiodNothingAnswers() throws Exception {
        primary.apps().deployments().inNamespace("istio-system").withName("istiod").delete();
        HealthyMesh.istiod(primary, "primary", 0);
        IstiodStandIn standIn = standIn(Duration.ofSeconds(30));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> debug(standIn).get("debug/clusterz"));
        assertTrue(e.getMessage().startsWith("no running istiod pod"), e.getMessage());
        assertEquals(AttachCheck.State.UNREADABLE, AttachCheck.problem(debug(standIn), "remote").orElseThrow().state());
        assertFalse(standIn.hasEndpoints(DETAILS_HOST, "remote"));
    }

    static String status(IstiodDebug istiod, String cluster) throws Exception {
        return IstiodDebugParser.clusterz(istiod.get("debug/clusterz")).stream().filter(c -> c.id().equals(cluster))
                .map(ClusterStatus::syncStatus).findFirst().orElse("(absent)");
    }

    static String kubeconfig(String cluster, String server) {
        return RemoteSecret.kubeconfig(cluster, server, HealthyMesh.pem("Y2x1c3Rlci1jYQ=="), HealthyMesh.FAKE_TOKEN);
    }

    /** The kubelet's part too: the pod is Running and Ready, its sidecar injected with the remote's cluster id. */
    static void detailsPod(KubernetesClient client, String clusterId) {
        client.pods().inNamespace(HealthyMesh.APP_NAMESPACE).resource(new PodBuilder().withNewMetadata()
                .withName(DETAILS_POD).withNamespace(HealthyMesh.APP_NAMESPACE)
                .addToLabels("app", "details").addToLabels("version", "v1")
                .addToLabels("pod-template-hash", "7d4d9d5fcb")
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet")
                .withName("details-v1-7d4d9d5fcb")
                .withUid("replicaset-of-details").withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withServiceAccountName("bookinfo-details").withNodeName("remote-server")
                .addNewContainer().withName("details").withImage("docker.io/istio/examples-bookinfo-details-v1:1.20.3")
                .endContainer()
                .addNewContainer().withName("istio-proxy").withImage("docker.io/istio/proxyv2:1.30.3")
                .withArgs("proxy", "sidecar")
                .addNewEnv().withName("ISTIO_META_CLUSTER_ID").withValue(clusterId).endEnv()
                .endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP("10.20.0.12").addNewCondition().withType("Ready")
                .withStatus("True").endCondition().endStatus().build()).create();
    }

    static Map<String, Object> endpoint(String address, String network, String cluster, String tlsMode) {
        return Map.of("Addresses", List.of(address), "Network", network, "Locality", Map.of("ClusterID", cluster),
                "EndpointPort", 9080, "TLSMode", tlsMode);
    }

    /**
     * Split horizon as istio/istio 1.30.3 pilot/pkg/xds/endpoints/ep_filters.go applies it for a sidecar on
     * network1: its own network's endpoints (and those with no network) keep their address; another network's
     * sidecar-injected endpoints become its gateway on 15443, weighted by how many they stand for; another network's
     * endpoint without a sidecar, or of a network without a gateway, is dropped; and with no gateway known at all
     * nothing is filtered.
     */
    @Test
    void aSidecarGetsAnotherNetworksEndpointsAsThatNetworksGateway() {
        IstiodStandIn.Gateway gateway = new IstiodStandIn.Gateway("remote", "istio-system/istio-eastwestgateway",
                "network2", MockClusters.REMOTE_NODE, 15443);
        List<Map<String, Object>> endpoints = List.of(
                endpoint("10.42.0.7", "network1", "primary", "istio"),
                endpoint("10.42.0.9", "", "primary", "disabled"),
                endpoint("10.42.0.5", "network2", "remote", "istio"),
                endpoint("10.42.0.6", "network2", "remote", "istio"),
                endpoint("10.42.0.8", "network2", "remote", "disabled"),
                endpoint("10.43.0.5", "network3", "third", "istio"));

        List<IstiodStandIn.LbEndpoint> seen = IstiodStandIn.splitHorizon(endpoints, "network1", List.of(gateway));

        assertEquals(List.of("10.42.0.7:9080 x1", "10.42.0.9:9080 x1", MockClusters.REMOTE_NODE + ":15443 x2"),
                seen.stream().map(e -> e.address() + ":" + e.port() + " x" + e.weight()).toList());
        assertEquals(Optional.of(gateway), seen.get(2).gateway());
        assertEquals(6, IstiodStandIn.splitHorizon(endpoints, "network1", null).size(),
                "no gateway known: every endpoint as it is");
    }

    @Test
    void networkzListsTheGatewaysOfLoadBalancerServicesOnly() throws Exception {
        // servicelb's part: the load balancer's address on the node; and a ClusterIP Service with a stale ingress.
        for (String type : List.of("LoadBalancer", "ClusterIP")) {
            primary.services().inNamespace("istio-system").resource(new ServiceBuilder().withNewMetadata()
                    .withName("gw-" + type.toLowerCase()).withNamespace("istio-system")
                    .addToLabels("topology.istio.io/network", "network1").endMetadata().withNewSpec().withType(type)
                    .addNewPort().withPort(15443).endPort().endSpec().withNewStatus().withNewLoadBalancer()
                    .addNewIngress().withIp(MockClusters.PRIMARY_NODE).endIngress().endLoadBalancer().endStatus()
                    .build()).create();
        }
        String networkz = debug(standIn(Duration.ofSeconds(5))).get("debug/networkz");
        assertTrue(networkz.contains("\"Network\" : \"network1\""), networkz);
        assertTrue(networkz.contains("\"Addr\" : \"" + MockClusters.PRIMARY_NODE + "\""), networkz);
        assertEquals(1, networkz.split("\"Network\"", -1).length - 1, "only the LoadBalancer one: " + networkz);
    }
}
