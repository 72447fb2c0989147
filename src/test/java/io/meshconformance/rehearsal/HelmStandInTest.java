package io.meshconformance.rehearsal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.MockClusters;
import io.meshconformance.istio.ChartInstaller.Installed;
import io.meshconformance.istio.HelmRelease;
import io.meshconformance.istio.IstioInstallException;
import io.meshconformance.istio.IstioPlan;
import io.meshconformance.istio.RemoteSecret;
import io.meshconformance.lifecycle.CleanupStack;
import io.meshconformance.topology.ClusterSpec;
import io.meshconformance.topology.TopologyLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The Helm stand-in against the two mock clusters, with the releases and values {@link IstioPlan} gives. */
@Tag("rehearsal")
class HelmStandInTest {

    static final String VERSION = "1.30.3";
    static final String PILOT_ADDRESS = MockClusters.PRIMARY_NODE;
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    static final String NS = IstioPlan.NAMESPACE;

    MockClusters clusters;
    HelmStandIn helm;
    CleanupStack cleanup;
    List<AutoCloseable> controllers = new ArrayList<>();
    /** Whether the clusters' servicelb gives LoadBalancer Services an address (k3s's default). */
    volatile boolean serviceLb = true;

    @BeforeEach
    void setUp() {
        clusters = new MockClusters();
        helm = new HelmStandIn(VERSION);
        cleanup = new CleanupStack();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : controllers) {
            c.close();
        }
        clusters.close();
    }

    List<HelmRelease> primaryReleases() {
        return IstioPlan.primary(clusters.primary().spec());
    }

    List<HelmRelease> remoteReleases() {
        return IstioPlan.remote(clusters.remote().spec(), PILOT_ADDRESS);
    }

    @Test
    void primaryReleasesPutWhatTheHarnessReadsNext() {
        playDeploymentController(clusters.primary());
        List<Installed> done = new ArrayList<>();
        for (HelmRelease release : primaryReleases()) {
            done.add(helm.install(release, clusters.primary(), TIMEOUT, cleanup));
        }
        KubernetesClient client = clusters.primary().client();

        assertEquals(List.of("deployed", "deployed", "deployed", "deployed"),
                done.stream().map(Installed::status).toList());
        assertEquals(VERSION, done.get(1).version());
        assertEquals(List.of("primary/istio-system/istio-base", "primary/istio-system/istiod",
                "primary/istio-system/istio-eastwestgateway", "primary/istio-system/istio-ingressgateway"),
                helm.installed());
        assertNotNull(client.namespaces().withName(NS).get(), "--create-namespace");

        // The doctor and the evidence find istiod by IstioPlan.ISTIOD_POD_LABEL and read CLUSTER_ID from it.
        List<Deployment> istiods = client.apps().deployments().inNamespace(NS)
                .withLabels(IstioPlan.ISTIOD_POD_LABEL.labels()).list().getItems();
        assertEquals(List.of("istiod"), istiods.stream().map(d -> d.getMetadata().getName()).toList());
        Container discovery = istiods.get(0).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("discovery", discovery.getName());
        assertEquals("docker.io/istio/pilot:" + VERSION, discovery.getImage());
        assertEquals("primary", env(discovery, "CLUSTER_ID"));
        assertEquals("true", env(discovery, "EXTERNAL_ISTIOD"));
        assertTrue(IstioPlan.ISTIOD_POD_LABEL.matches(istiods.get(0).getSpec().getTemplate().getMetadata()
                .getLabels()), "istiod's pods carry " + IstioPlan.ISTIOD_POD_LABEL);
        Service istiod = client.services().inNamespace(NS).withName("istiod").get();
        assertEquals(Map.of("app", "istiod", "istio", "pilot"), istiod.getSpec().getSelector());
        assertEquals(Map.of(15010, 15010, 15012, 15012, 443, 15017, 15014, 15014), ports(istiod));

        // IstioInstaller waits for this Service's LoadBalancer address; expose-istiod.yaml selects its pods.
        Service eastwest = client.services().inNamespace(NS).withName(IstioPlan.EASTWEST_GATEWAY).get();
        assertEquals("LoadBalancer", eastwest.getSpec().getType());
        assertEquals(Map.of(15021, 15021, 15443, 15443, 15012, 15012, 15017, 15017), ports(eastwest));
        assertEquals("eastwestgateway", eastwest.getSpec().getSelector().get("istio"));
        assertEquals("network1", eastwest.getMetadata().getLabels().get("topology.istio.io/network"));

        // The page client looks for ready pods with INGRESS_GATEWAY_POD_LABEL behind a Service with port 80.
        Deployment ingress = client.apps().deployments().inNamespace(NS).withName(IstioPlan.INGRESS_GATEWAY).get();
        assertTrue(IstioPlan.INGRESS_GATEWAY_POD_LABEL.matches(ingress.getSpec().getTemplate().getMetadata()
                .getLabels()), ingress.getSpec().getTemplate().getMetadata().getLabels().toString());
        Service ingressService = client.services().inNamespace(NS).withName(IstioPlan.INGRESS_GATEWAY).get();
        assertEquals("ClusterIP", ingressService.getSpec().getType());
        assertEquals(80, ports(ingressService).get(80));

        assertNotNull(client.serviceAccounts().inNamespace(NS).withName(RemoteSecret.READER_SERVICE_ACCOUNT).get());
        MutatingWebhookConfiguration injector = client.admissionRegistration().v1().mutatingWebhookConfigurations()
                .withName("istio-sidecar-injector").get();
        assertEquals("/inject", injector.getWebhooks().get(0).getClientConfig().getService().getPath());
        assertNotNull(client.configMaps().inNamespace(NS).withName("istio").get().getData().get("mesh"));
        for (HelmRelease release : primaryReleases()) {
            Secret record = client.secrets().inNamespace(NS).withName(HelmStandIn.recordName(release.name())).get();
            assertEquals(HelmStandIn.RELEASE_TYPE, record.getType());
            assertEquals(Map.of("owner", "helm", "name", release.name(), "status", "deployed", "version", "1"),
                    record.getMetadata().getLabels());
        }
    }

    @Test
    void remoteReleasesLeadToThePrimaryThroughTheAddressGiven() {
        for (HelmRelease release : remoteReleases()) {
            helm.install(release, clusters.remote(), TIMEOUT, cleanup);
        }
        KubernetesClient client = clusters.remote().client();

        assertTrue(client.apps().deployments().inNamespace(NS).list().getItems().isEmpty(), "no istiod of its own");
        Service istiod = client.services().inNamespace(NS).withName("istiod").get();
        assertNotNull(istiod, "the remote profile's Service istiod");
        assertTrue(istiod.getSpec().getSelector() == null || istiod.getSpec().getSelector().isEmpty(),
                "selector-less: " + istiod.getSpec().getSelector());
        assertEquals(Map.of(15012, 15012, 443, 15017), ports(istiod));
        EndpointSlice slice = client.discovery().v1().endpointSlices().inNamespace(NS).withName("istiod").get();
        assertEquals("istiod", slice.getMetadata().getLabels().get("kubernetes.io/service-name"));
        assertEquals(List.of(PILOT_ADDRESS), slice.getEndpoints().get(0).getAddresses());
        assertEquals("IPv4", slice.getAddressType());
        assertEquals(List.of(15012, 15017), slice.getPorts().stream().map(p -> p.getPort()).toList());
        assertNotNull(client.serviceAccounts().inNamespace(NS).withName(RemoteSecret.READER_SERVICE_ACCOUNT).get(),
                "RemoteAttacher waits for it");
        MutatingWebhookConfiguration injector = client.admissionRegistration().v1().mutatingWebhookConfigurations()
                .withName("istio-sidecar-injector").get();
        List<String> paths = injector.getWebhooks().stream().map(MutatingWebhook::getClientConfig)
                .map(c -> c.getService().getPath()).distinct().toList();
        assertEquals(List.of(IstioPlan.injectionPath(clusters.remote().spec())), paths);
        assertNotNull(client.admissionRegistration().v1().validatingWebhookConfigurations()
                .withName("istiod-default-validator").get());
        assertNotNull(client.admissionRegistration().v1().validatingWebhookConfigurations()
                .withName("istio-validator-istio-system").get());
    }

    @Test
    void cleanupRemovesExactlyWhatTheReleasesCreated() {
        // The harness claims istio-system first; someone else's object in it must survive the uninstall.
        for (MeshCluster cluster : List.of(clusters.primary(), clusters.remote())) {
            cluster.client().namespaces().resource(new NamespaceBuilder()
                    .withNewMetadata().withName(NS).endMetadata().build()).create();
            cluster.client().configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("not-helms").endMetadata().build()).create();
        }
        Set<String> primaryBefore = snapshot(clusters.primary().client());
        Set<String> remoteBefore = snapshot(clusters.remote().client());
        playDeploymentController(clusters.primary());
        for (HelmRelease release : primaryReleases()) {
            helm.install(release, clusters.primary(), TIMEOUT, cleanup);
        }
        for (HelmRelease release : remoteReleases()) {
            helm.install(release, clusters.remote(), TIMEOUT, cleanup);
        }
        assertTrue(snapshot(clusters.primary().client()).size() > primaryBefore.size() + 15,
                snapshot(clusters.primary().client()).toString());
        assertTrue(snapshot(clusters.remote().client()).containsAll(Set.of("EndpointSlice/istio-system/istiod",
                "Service/istio-system/istiod", "Secret/istio-system/sh.helm.release.v1.istiod.v1")));
        assertEquals(List.of("helm uninstall istiod in remote/istio-system",
                        "helm uninstall istio-base in remote/istio-system",
                        "helm uninstall istio-ingressgateway in primary/istio-system",
                        "helm uninstall istio-eastwestgateway in primary/istio-system",
                        "helm uninstall istiod in primary/istio-system",
                        "helm uninstall istio-base in primary/istio-system"),
                cleanup.descriptions());
        // Something else removed one object already: the undo does not mind.
        clusters.remote().client().discovery().v1().endpointSlices().inNamespace(NS).withName("istiod").delete();

        cleanup.close();

        assertEquals(primaryBefore, snapshot(clusters.primary().client()));
        assertEquals(remoteBefore, snapshot(clusters.remote().client()));
    }

    @Test
    void aSecondInstallOfTheSameReleaseIsRefusedAsHelmRefusesIt() {
        HelmRelease base = remoteReleases().get(0);
        helm.install(base, clusters.remote(), TIMEOUT, cleanup);
        Set<String> installedOnce = snapshot(clusters.remote().client());
        CleanupStack second = new CleanupStack();

        IstioInstallException e = assertThrows(IstioInstallException.class,
                () -> helm.install(base, clusters.remote(), TIMEOUT, second));

        assertTrue(e.getMessage().startsWith("Cluster 'remote': helm install istio-base (chart base " + VERSION
                + ") failed: " + HelmStandIn.REUSE_MESSAGE), e.getMessage());
        assertTrue(e.getMessage().contains("A release of that name exists already"), "the real hint: "
                + e.getMessage());
        // The refused attempt's undo removes nothing: it created nothing.
        second.close();
        assertEquals(installedOnce, snapshot(clusters.remote().client()));
        assertEquals(List.of("remote/istio-system/istio-base"), helm.installed());
    }

    @Test
    void aPreinstalledReleaseIsThereWithoutUndoAndBlocksAnInstall() {
        HelmRelease base = remoteReleases().get(0);
        helm.preinstall(base, clusters.remote());

        assertNotNull(clusters.remote().client().serviceAccounts().inNamespace(NS)
                .withName(RemoteSecret.READER_SERVICE_ACCOUNT).get());
        assertEquals("deployed", clusters.remote().client().secrets().inNamespace(NS)
                .withName(HelmStandIn.recordName("istio-base")).get().getMetadata().getLabels().get("status"));
        assertEquals(List.of(), helm.installed(), "no run installed it");
        IstioInstallException e = assertThrows(IstioInstallException.class,
                () -> helm.install(base, clusters.remote(), TIMEOUT, cleanup));
        assertTrue(e.getMessage().contains(HelmStandIn.REUSE_MESSAGE), e.getMessage());
    }

    @Test
    void theWaitRunsOutWithHelmsDeadlineWordsWhenNoPodGetsReady() {
        HelmRelease istiod = primaryReleases().get(1);
        // No deployment controller here: nothing ever reports ready pods.
        IstioInstallException e = assertThrows(IstioInstallException.class,
                () -> helm.install(istiod, clusters.primary(), Duration.ofMillis(400), cleanup));

        assertTrue(e.getMessage().startsWith("Cluster 'primary': helm install istiod (chart istiod " + VERSION
                + ") failed: " + HelmStandIn.DEADLINE_MESSAGE), e.getMessage());
        assertTrue(e.getMessage().contains("Helm timed out waiting for the release to become ready"),
                "the real hint: " + e.getMessage());
        KubernetesClient client = clusters.primary().client();
        // As without --atomic: the objects stay for the undo, the record says failed.
        assertNotNull(client.apps().deployments().inNamespace(NS).withName("istiod").get());
        assertEquals("failed", client.secrets().inNamespace(NS).withName(HelmStandIn.recordName("istiod")).get()
                .getMetadata().getLabels().get("status"));
        assertEquals(List.of(), helm.installed());
        cleanup.close();
        assertNull(client.apps().deployments().inNamespace(NS).withName("istiod").get());
    }

    /**
     * The remote's east-west gateway on its own network, as Istio 1.30.3's gateway chart renders it for
     * {@code name=istio-eastwestgateway}, {@code networkGateway=network2} (rendered once with helm template from
     * istio/istio manifests/charts/gateway at 1.30.3): a LoadBalancer Service labelled with the network, the network
     * gateway's four ports, pods labelled with the network and asking for the network's view.
     */
    @Test
    void theRemotesNetworkGatewayIsRenderedAsTheChartRendersItForItsNetwork() {
        ClusterSpec remote = TopologyLoader.load(Rehearsal.MULTI_NETWORK).cluster("remote").orElseThrow();
        HelmRelease release = IstioPlan.networkGateway(remote);
        assertEquals(Map.of("name", IstioPlan.EASTWEST_GATEWAY, "networkGateway", "network2"), release.values());
        playDeploymentController(clusters.remote());

        helm.install(release, clusters.remote(), TIMEOUT, cleanup);

        KubernetesClient client = clusters.remote().client();
        Service service = client.services().inNamespace(NS).withName(IstioPlan.EASTWEST_GATEWAY).get();
        assertEquals("LoadBalancer", service.getSpec().getType());
        assertEquals("network2", service.getMetadata().getLabels().get("topology.istio.io/network"));
        assertEquals(Map.of("app", IstioPlan.EASTWEST_GATEWAY, "istio", "eastwestgateway"),
                service.getSpec().getSelector());
        assertEquals(List.of("status-port", "tls", "tls-istiod", "tls-webhook"), service.getSpec().getPorts().stream()
                .map(ServicePort::getName).toList());
        assertEquals(Map.of(15021, 15021, 15443, 15443, 15012, 15012, 15017, 15017), ports(service));
        Deployment gateway = client.apps().deployments().inNamespace(NS).withName(IstioPlan.EASTWEST_GATEWAY).get();
        Map<String, String> podLabels = gateway.getSpec().getTemplate().getMetadata().getLabels();
        assertEquals("network2", podLabels.get("topology.istio.io/network"));
        assertEquals("eastwestgateway", podLabels.get("istio"));
        assertEquals("true", podLabels.get("sidecar.istio.io/inject"));
        assertEquals("gateway", gateway.getSpec().getTemplate().getMetadata().getAnnotations()
                .get("inject.istio.io/templates"));
        Container proxy = gateway.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("istio-proxy", proxy.getName());
        assertEquals("network2", env(proxy, "ISTIO_META_REQUESTED_NETWORK_VIEW"));
        assertEquals(IstioPlan.EASTWEST_GATEWAY, gateway.getSpec().getTemplate().getSpec().getServiceAccountName());
    }

    /** helm install --wait waits for a LoadBalancer Service's address too (helm/helm v3 pkg/kube/ready.go). */
    @Test
    void theWaitRunsOutWhenTheGatewaysLoadBalancerGetsNoAddress() {
        serviceLb = false;
        playDeploymentController(clusters.primary());

        IstioInstallException e = assertThrows(IstioInstallException.class,
                () -> helm.install(primaryReleases().get(2), clusters.primary(), Duration.ofMillis(600), cleanup));

        assertTrue(e.getMessage().startsWith("Cluster 'primary': helm install istio-eastwestgateway (chart gateway "
                + VERSION + ") failed: " + HelmStandIn.DEADLINE_MESSAGE), e.getMessage());
        assertTrue(HelmStandIn.ready(clusters.primary().client().apps().deployments().inNamespace(NS)
                .withName(IstioPlan.EASTWEST_GATEWAY).get()), "its pods were ready: the address was missing");
    }

    @Test
    void theWaitEndsWhenTheDeploymentControllerReportsReadyPods() {
        HelmRelease eastwest = primaryReleases().get(2);
        playDeploymentController(clusters.primary());

        Installed done = helm.install(eastwest, clusters.primary(), TIMEOUT, cleanup);

        assertEquals("deployed", done.status());
        assertTrue(done.took().compareTo(TIMEOUT) < 0, done.took().toString());
        Deployment gateway = clusters.primary().client().apps().deployments().inNamespace(NS)
                .withName(IstioPlan.EASTWEST_GATEWAY).get();
        assertTrue(HelmStandIn.ready(gateway), "it waited for the ready pods: " + gateway.getStatus());
        assertEquals("deployed", clusters.primary().client().secrets().inNamespace(NS)
                .withName(HelmStandIn.recordName(IstioPlan.EASTWEST_GATEWAY)).get().getMetadata().getLabels()
                .get("status"));
    }

    @Test
    void valuesItDoesNotModelAreRefusedBeforeAnythingIsCreated() {
        HelmRelease plan = primaryReleases().get(3);
        Map<String, String> values = new LinkedHashMap<>(plan.values());
        values.put("service.ports[0].port", "8080");
        HelmRelease changed = new HelmRelease(plan.cluster(), plan.name(), plan.chart(), plan.namespace(), values);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> helm.install(changed, clusters.primary(), TIMEOUT, cleanup));

        assertTrue(e.getMessage().contains("[service.ports[0].port]"), e.getMessage());
        assertEquals(0, cleanup.size());
        assertNull(clusters.primary().client().namespaces().withName(NS).get());
    }

    @Test
    void uninstallingAReleaseLeavesWhatWasThereBeforeItAndWhatItDidNotMake() {
        KubernetesClient client = clusters.primary().client();
        helm.preinstall(primaryReleases().get(0), clusters.primary()); // istio-base
        Set<String> before = snapshot(client);
        helm.preinstall(primaryReleases().get(1), clusters.primary()); // istiod
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("istio-ca-root-cert").withNamespace(NS).endMetadata().build()).create(); // istiod's own
        assertTrue(snapshot(client).contains("Deployment/" + NS + "/istiod"));

        helm.uninstallRelease(clusters.primary(), "istiod", NS);

        Set<String> expected = new TreeSet<>(before);
        expected.add("ConfigMap/" + NS + "/istio-ca-root-cert");
        assertEquals(expected, snapshot(client));
        IllegalStateException again = assertThrows(IllegalStateException.class,
                () -> helm.uninstallRelease(clusters.primary(), "istiod", NS));
        assertEquals("uninstall: Release not loaded: istiod: release: not found", again.getMessage());
    }

    /**
     * Plays the deployment controller (the mocks run none): every Deployment without a status gets its desired
     * pods reported ready, as kube-controller-manager would once the pods are up; and k3s's servicelb: every
     * LoadBalancer Service without an address gets the node's.
     */
    void playDeploymentController(MeshCluster cluster) {
        KubernetesClient client = cluster.client();
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        executor.scheduleWithFixedDelay(() -> {
            try {
                for (Deployment d : client.apps().deployments().inAnyNamespace().list().getItems()) {
                    if (d.getStatus() == null || d.getStatus().getReadyReplicas() == null) {
                        int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
                        client.apps().deployments().inNamespace(d.getMetadata().getNamespace())
                                .withName(d.getMetadata().getName()).editStatus(x -> new DeploymentBuilder(x)
                                        .withNewStatus().withReplicas(desired).withReadyReplicas(desired)
                                        .endStatus().build());
                    }
                }
                if (serviceLb) {
                    for (Service svc : client.services().inAnyNamespace().list().getItems()) {
                        if ("LoadBalancer".equals(svc.getSpec().getType()) && !HelmStandIn.addressed(svc)) {
                            client.services().inNamespace(svc.getMetadata().getNamespace())
                                    .withName(svc.getMetadata().getName()).editStatus(x -> new ServiceBuilder(x)
                                            .withNewStatus().withNewLoadBalancer().addNewIngress()
                                            .withIp(cluster.internalServer().replaceAll("^https://|:6443$", "")).endIngress().endLoadBalancer().endStatus()
                                            .build());
                        }
                    }
                }
            } catch (RuntimeException e) {
                // a Deployment deleted meanwhile: the next round sees the new state
            }
        }, 0, 50, TimeUnit.MILLISECONDS);
        controllers.add(() -> {
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        });
    }

    /** Every object of the kinds the stand-in creates, as Kind/namespace/name. */
    static Set<String> snapshot(KubernetesClient client) {
        List<HasMetadata> all = new ArrayList<>();
        all.addAll(client.namespaces().list().getItems());
        all.addAll(client.serviceAccounts().inAnyNamespace().list().getItems());
        all.addAll(client.configMaps().inAnyNamespace().list().getItems());
        all.addAll(client.secrets().inAnyNamespace().list().getItems());
        all.addAll(client.services().inAnyNamespace().list().getItems());
        all.addAll(client.apps().deployments().inAnyNamespace().list().getItems());
        all.addAll(client.discovery().v1().endpointSlices().inAnyNamespace().list().getItems());
        all.addAll(client.admissionRegistration().v1().mutatingWebhookConfigurations().list().getItems());
        all.addAll(client.admissionRegistration().v1().validatingWebhookConfigurations().list().getItems());
        Set<String> names = new TreeSet<>();
        for (HasMetadata o : all) {
            names.add(o.getKind() + "/" + (o.getMetadata().getNamespace() == null ? "-"
                    : o.getMetadata().getNamespace()) + "/" + o.getMetadata().getName());
        }
        return names;
    }

    static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .map(e -> e.getValue()).orElse(null);
    }

    /** port to target port (the port itself when the Service gives none). */
    static Map<Integer, Integer> ports(Service s) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (ServicePort p : s.getSpec().getPorts()) {
            ports.put(p.getPort(), p.getTargetPort() == null ? p.getPort() : p.getTargetPort().getIntVal());
        }
        return ports;
    }
}
