package io.meshconformance.rehearsal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.meshconformance.bookinfo.BookinfoDeployer;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.MockClusters;
import io.meshconformance.istio.Attachment;
import io.meshconformance.istio.IstioPlan;
import io.meshconformance.istio.IstiodRevision;
import io.meshconformance.istio.RemoteAttacher;
import io.meshconformance.istio.RemoteSecret;
import io.meshconformance.lifecycle.CleanupStack;
import io.meshconformance.lifecycle.Layer;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.lifecycle.Waits;
import io.meshconformance.topology.Cidr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Rehearsal tier: the controllers stand-in makes the two mock API servers behave as clusters do, judged by the
 * harness's own code (BookinfoDeployer's readiness wait, RemoteAttacher's token wait) wherever it has one.
 */
@Tag("rehearsal")
class ControllersStandInTest {

    static final RunId RUN = new RunId("20261125-1400-abcd");
    static final String PRIMARY_PODS = "10.10.0.0/16";
    static final String REMOTE_PODS = "10.20.0.0/16";

    MockClusters clusters;
    ControllersStandIn primaryControllers;
    ControllersStandIn remoteControllers;
    BookinfoDeployer deployer;
    CleanupStack cleanup;

    @BeforeEach
    void setUp() {
        clusters = new MockClusters();
        assertEquals(PRIMARY_PODS, clusters.primary().spec().podCidr().toString());
        assertEquals(REMOTE_PODS, clusters.remote().spec().podCidr().toString());
        primaryControllers = new ControllersStandIn("primary", clusters.primary().client(), PRIMARY_PODS,
                MockClusters.PRIMARY_NODE);
        remoteControllers = new ControllersStandIn("remote", clusters.remote().client(), REMOTE_PODS,
                MockClusters.REMOTE_NODE);
        deployer = new BookinfoDeployer("mirror.example.com/istio", "1.20.3", RUN, Duration.ofMillis(600),
                IstioPlan.INGRESS_GATEWAY_POD_LABEL);
        cleanup = new CleanupStack();
    }

    @AfterEach
    void tearDown() {
        primaryControllers.close();
        remoteControllers.close();
        clusters.close();
    }

    /** Bookinfo as the harness deploys it: the run's namespace in both clusters, the split manifests applied. */
    void deployBookinfo() {
        deployer.createNamespace(clusters.primary(), IstiodRevision.installedByRun(), cleanup);
        deployer.createNamespace(clusters.remote(), IstiodRevision.installedByRun(), cleanup);
        deployer.apply(clusters.primary(), List.of(BookinfoDeployer.PRIMARY, BookinfoDeployer.GATEWAY), cleanup);
        deployer.apply(clusters.remote(), List.of(BookinfoDeployer.REMOTE), cleanup);
    }

    void reconcileBoth() {
        primaryControllers.reconcileOnce();
        remoteControllers.reconcileOnce();
    }

    List<Pod> pods(MeshCluster cluster) {
        return cluster.client().pods().inNamespace(deployer.namespace()).list().getItems();
    }

    EndpointSlice slice(MeshCluster cluster, String service) {
        List<EndpointSlice> slices = cluster.client().discovery().v1().endpointSlices()
                .inNamespace(deployer.namespace()).withLabel("kubernetes.io/service-name", service).list().getItems();
        assertEquals(1, slices.size(), "one EndpointSlice for Service " + service + ": " + slices);
        return slices.get(0);
    }

    static Set<String> addresses(EndpointSlice slice) {
        return slice.getEndpoints().stream().flatMap(e -> e.getAddresses().stream()).collect(Collectors.toSet());
    }

    static Set<String> podIps(List<Pod> pods) {
        return pods.stream().map(p -> p.getStatus().getPodIP()).collect(Collectors.toSet());
    }

    static Set<String> containers(Pod pod) {
        return pod.getSpec().getContainers().stream().map(c -> c.getName()).collect(Collectors.toSet());
    }

    /** The writes (anything but GET) the mock of {@code cluster} received while {@code action} ran. */
    List<String> writesDuring(String cluster, Runnable action) {
        KubernetesMockServer server = clusters.server(cluster);
        try {
            while (server.takeRequest(1, TimeUnit.MILLISECONDS) != null) {
                // what came before is not counted
            }
            action.run();
            List<String> writes = new ArrayList<>();
            for (RecordedRequest r = server.takeRequest(1, TimeUnit.MILLISECONDS); r != null;
                 r = server.takeRequest(1, TimeUnit.MILLISECONDS)) {
                if (!"GET".equals(r.getMethod())) {
                    writes.add(r.getMethod() + " " + r.getPath());
                }
            }
            return writes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void podAddressesAlreadyTakenAreNotGivenAgain() {
        KubernetesClient remote = clusters.remote().client();
        // A pod someone else made (as HealthyMesh does), holding the first address the stand-in would give.
        remote.pods().inNamespace("elsewhere").resource(new PodBuilder().withNewMetadata().withName("foreign")
                .withNamespace("elsewhere").endMetadata().withNewStatus().withPhase("Running").withPodIP("10.20.0.2")
                .endStatus().build()).create();
        deployBookinfo();
        remote.apps().deployments().inNamespace(deployer.namespace()).withName("details-v1")
                .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(4).endSpec().build());
        remoteControllers.reconcileOnce();
        Set<String> ips = podIps(pods(clusters.remote()));
        assertEquals(4, ips.size(), ips.toString());
        assertFalse(ips.contains("10.20.0.2"), ips.toString());
        assertFalse(ips.contains("10.20.0.0") || ips.contains("10.20.0.1"), ips.toString());
        assertEquals("foreign", remote.pods().inNamespace("elsewhere").withName("foreign").get().getMetadata()
                .getName(), "a pod without an owner Deployment is left alone");
    }

    @Test
    void deletingADeploymentOrAServiceTakesItsDependentsAlong() {
        deployBookinfo();
        reconcileBoth();
        KubernetesClient primary = clusters.primary().client();
        String ns = deployer.namespace();
        assertEquals(3, slice(clusters.primary(), "reviews").getEndpoints().size());

        primary.apps().deployments().inNamespace(ns).withName("reviews-v2").delete();
        primary.services().inNamespace(ns).withName("ratings").delete();
        primaryControllers.reconcileOnce();

        assertEquals(List.of(), primary.pods().inNamespace(ns).withLabel("version", "v2").withLabel("app", "reviews")
                .list().getItems(), "the pods of a deleted Deployment go with it");
        assertEquals(2, slice(clusters.primary(), "reviews").getEndpoints().size());
        assertEquals(List.of(), primary.discovery().v1().endpointSlices().inNamespace(ns)
                .withLabel("kubernetes.io/service-name", "ratings").list().getItems(),
                "the slice of a deleted Service goes with it");
        assertEquals(1, primary.pods().inNamespace(ns).withLabel("app", "ratings").list().getItems().size(),
                "ratings' pods stay: their Deployment is there");
    }

    @Test
    void bookinfoIsReadyByTheHarnesssOwnJudgementAfterOnePass() {
        deployBookinfo();
        assertThrows(Waits.WaitTimeoutException.class, () -> deployer.awaitReady(clusters.remote()),
                "nothing has run yet: the mock alone never makes a Deployment ready");

        reconcileBoth();

        assertDoesNotThrow(() -> deployer.awaitReady(clusters.primary()));
        assertDoesNotThrow(() -> deployer.awaitReady(clusters.remote()));
        KubernetesClient primary = clusters.primary().client();
        for (Deployment d : primary.apps().deployments().inNamespace(deployer.namespace()).list().getItems()) {
            assertEquals(1, d.getStatus().getReadyReplicas(), d.getMetadata().getName());
            assertEquals(1, d.getStatus().getAvailableReplicas(), d.getMetadata().getName());
            assertEquals(1, d.getStatus().getUpdatedReplicas(), d.getMetadata().getName());
            assertEquals(d.getMetadata().getGeneration(), d.getStatus().getObservedGeneration());
            assertTrue(primaryControllers.readySince(deployer.namespace(), d.getMetadata().getName()).isPresent());
        }
        List<Pod> pods = pods(clusters.primary());
        assertEquals(List.of("productpage-v1", "ratings-v1", "reviews-v1", "reviews-v2", "reviews-v3"),
                pods.stream().map(p -> p.getMetadata().getName().replaceAll("-[a-z0-9]+-[a-z0-9]{5}$", ""))
                        .sorted().toList());
        for (Pod pod : pods) {
            assertTrue(pod.getMetadata().getName().matches("[a-z0-9-]+-[bcdfghjklmnpqrstvwxz2456789]+-"
                    + "[bcdfghjklmnpqrstvwxz2456789]{5}"), pod.getMetadata().getName());
            assertEquals("Running", pod.getStatus().getPhase());
            assertEquals("primary-server", pod.getSpec().getNodeName());
            assertEquals("Deployment", pod.getMetadata().getOwnerReferences().get(0).getKind());
            assertTrue(pod.getStatus().getContainerStatuses().stream()
                    .allMatch(cs -> cs.getReady() && cs.getState().getRunning() != null), pod.toString());
        }
        assertEquals(Optional.empty(), remoteControllers.readySince(deployer.namespace(), "productpage-v1"),
                "productpage runs in the primary only");
    }

    @Test
    void podIpsComeFromEachClustersPodRangeAndTheEndpointSlicesHoldThem() {
        deployBookinfo();
        reconcileBoth();

        List<Pod> primaryPods = pods(clusters.primary());
        List<Pod> remotePods = pods(clusters.remote());
        Set<String> primaryIps = podIps(primaryPods);
        assertEquals(primaryPods.size(), primaryIps.size(), "one address a pod: " + primaryIps);
        Cidr primaryRange = Cidr.parse(PRIMARY_PODS);
        for (String ip : primaryIps) {
            long address = Cidr.Ipv4.parse(ip).orElseThrow();
            assertTrue(primaryRange.contains(address), ip + " in " + PRIMARY_PODS);
            assertTrue(address > primaryRange.network() + 1, ip + " is not the network or the first address");
        }
        String detailsIp = remotePods.get(0).getStatus().getPodIP();
        assertTrue(Cidr.parse(REMOTE_PODS).contains(Cidr.Ipv4.parse(detailsIp).orElseThrow()), detailsIp);

        EndpointSlice reviews = slice(clusters.primary(), "reviews");
        assertEquals(podIps(primaryPods.stream().filter(p -> "reviews".equals(p.getMetadata().getLabels().get("app")))
                .toList()), addresses(reviews));
        assertEquals(3, reviews.getEndpoints().size());
        assertEquals("IPv4", reviews.getAddressType());
        assertEquals(9080, reviews.getPorts().get(0).getPort());
        assertEquals("http", reviews.getPorts().get(0).getName());
        assertEquals("TCP", reviews.getPorts().get(0).getProtocol());
        assertTrue(reviews.getMetadata().getName().matches("reviews-[bcdfghjklmnpqrstvwxz2456789]{5}"));
        for (Endpoint e : reviews.getEndpoints()) {
            assertTrue(e.getConditions().getReady());
            assertEquals("primary-server", e.getNodeName());
            assertEquals("Pod", e.getTargetRef().getKind());
        }
        assertEquals(Set.of(detailsIp), addresses(slice(clusters.remote(), "details")));
        assertEquals(Set.of(), addresses(slice(clusters.primary(), "details")),
                "details has no pods in the primary: its Service there selects nothing");
        assertEquals(podIps(primaryPods.stream().filter(p -> p.getMetadata().getName().startsWith("productpage"))
                .toList()), addresses(slice(clusters.primary(), "productpage")));
    }

    @Test
    void passesAreIdempotentAndFollowScaleAndTemplateChanges() {
        deployBookinfo();
        reconcileBoth();
        MeshCluster remote = clusters.remote();
        List<Pod> before = pods(remote);
        EndpointSlice sliceBefore = slice(remote, "details");
        Deployment deploymentBefore = remote.client().apps().deployments().inNamespace(deployer.namespace())
                .withName("details-v1").get();
        assertEquals(List.of(), writesDuring("primary", this::reconcileBoth), "passes that find nothing to do");
        assertEquals(List.of(), writesDuring("remote", this::reconcileBoth), "passes that find nothing to do");
        assertEquals(before, pods(remote));
        assertEquals(sliceBefore.getMetadata().getResourceVersion(),
                slice(remote, "details").getMetadata().getResourceVersion());
        assertEquals(deploymentBefore.getStatus(), remote.client().apps().deployments()
                .inNamespace(deployer.namespace()).withName("details-v1").get().getStatus());

        remote.client().apps().deployments().inNamespace(deployer.namespace()).withName("details-v1")
                .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(3).endSpec().build());
        remoteControllers.reconcileOnce();
        List<Pod> three = pods(remote);
        assertEquals(3, three.size());
        assertEquals(3, podIps(three).size());
        assertEquals(podIps(three), addresses(slice(remote, "details")));
        Deployment scaled = remote.client().apps().deployments().inNamespace(deployer.namespace())
                .withName("details-v1").get();
        assertEquals(3, scaled.getStatus().getReadyReplicas());
        assertEquals(scaled.getMetadata().getGeneration(), scaled.getStatus().getObservedGeneration());

        String oldHash = three.get(0).getMetadata().getLabels().get("pod-template-hash");
        remote.client().apps().deployments().inNamespace(deployer.namespace()).withName("details-v1")
                .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(1).editTemplate().editMetadata()
                        .addToAnnotations("kubectl.kubernetes.io/restartedAt", "2026-11-25T14:00:00Z").endMetadata()
                        .endTemplate().endSpec().build());
        remoteControllers.reconcileOnce();
        List<Pod> one = pods(remote);
        assertEquals(1, one.size(), one.toString());
        assertFalse(oldHash.equals(one.get(0).getMetadata().getLabels().get("pod-template-hash")),
                "a new template makes new pods");
        assertEquals(podIps(one), addresses(slice(remote, "details")));
        assertDoesNotThrow(() -> deployer.awaitReady(remote));
    }

    @Test
    void theSidecarIsInjectedOnlyWhereTheWebhookExistsAndTheNamespaceAsksForIt() {
        deployBookinfo();
        reconcileBoth();
        assertFalse(containers(pods(clusters.primary()).get(0)).contains("istio-proxy"),
                "labelled namespace, but no injector webhook yet");

        KubernetesClient client = clusters.primary().client();
        client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(
                new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("istio-sidecar-injector")
                        .endMetadata().build()).create();
        namespace(client, "plain", Map.of());
        namespace(client, "revisioned", Map.of("istio.io/rev", "default"));
        namespace(client, "disabled", Map.of("istio-injection", "disabled"));
        for (String ns : List.of("plain", "revisioned", "disabled")) {
            client.apps().deployments().inNamespace(ns).resource(deployment(ns, "app", Map.of())).create();
        }
        client.apps().deployments().inNamespace("plain").resource(deployment("plain", "opted-in",
                Map.of("sidecar.istio.io/inject", "true"))).create();
        client.apps().deployments().inNamespace(deployer.namespace()).resource(deployment(deployer.namespace(),
                "opted-out", Map.of("sidecar.istio.io/inject", "false"))).create();
        client.apps().deployments().inNamespace(deployer.namespace()).withName("ratings-v1")
                .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(2).endSpec().build());
        primaryControllers.reconcileOnce();

        List<Pod> ratings = client.pods().inNamespace(deployer.namespace()).withLabel("app", "ratings").list()
                .getItems();
        assertEquals(2, ratings.size());
        Pod injected = ratings.stream().filter(p -> containers(p).contains("istio-proxy")).findFirst().orElseThrow(
                () -> new AssertionError("the pod created after the webhook appeared is injected: " + ratings));
        assertEquals(Set.of("ratings", "istio-proxy"), containers(injected));
        ContainerStatus proxy = injected.getStatus().getContainerStatuses().stream()
                .filter(cs -> "istio-proxy".equals(cs.getName())).findFirst().orElseThrow();
        assertTrue(proxy.getReady());
        assertEquals(ControllersStandIn.PROXY_IMAGE, proxy.getImage());
        assertEquals("istio", injected.getMetadata().getLabels().get("security.istio.io/tlsMode"));
        assertEquals(1, ratings.stream().filter(p -> !containers(p).contains("istio-proxy")).count(),
                "the pod created before the webhook existed is left as it was");

        assertTrue(containers(onlyPod(client, "revisioned", "app")).contains("istio-proxy"));
        assertTrue(containers(onlyPod(client, "plain", "opted-in")).contains("istio-proxy"));
        assertFalse(containers(onlyPod(client, "plain", "app")).contains("istio-proxy"));
        assertFalse(containers(onlyPod(client, "disabled", "app")).contains("istio-proxy"));
        assertFalse(containers(onlyPod(client, deployer.namespace(), "opted-out")).contains("istio-proxy"));
    }

    static void namespace(KubernetesClient client, String name, Map<String, String> labels) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
                .endMetadata().build()).create();
    }

    static Deployment deployment(String namespace, String name, Map<String, String> podLabels) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).addToLabels(podLabels).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage("example.test/" + name + ":1").endContainer()
                .endSpec().endTemplate().endSpec().build();
    }

    static Pod onlyPod(KubernetesClient client, String namespace, String app) {
        List<Pod> pods = client.pods().inNamespace(namespace).withLabel("app", app).list().getItems();
        assertEquals(1, pods.size(), namespace + "/" + app + ": " + pods);
        return pods.get(0);
    }

    @Test
    void theTokenControllerFillsTheReaderTokenSoTheHarnesssAttachGoesThrough() {
        KubernetesClient remote = clusters.remote().client();
        // Plays the base chart, which creates the reader account in the remote.
        remote.serviceAccounts().inNamespace(RemoteSecret.NAMESPACE).resource(new ServiceAccountBuilder()
                .withNewMetadata().withName(RemoteSecret.READER_SERVICE_ACCOUNT).withNamespace(RemoteSecret.NAMESPACE)
                .endMetadata().build()).create();
        Secret noAccount = RemoteSecret.tokenSecret(RUN.labels());
        noAccount.getMetadata().setName("names-no-account");
        noAccount.getMetadata().getAnnotations().put("kubernetes.io/service-account.name", "nobody");
        remote.secrets().inNamespace(RemoteSecret.NAMESPACE).resource(noAccount).create();

        remoteControllers.start();
        Attachment attachment = new RemoteAttacher(Duration.ofSeconds(10), RUN).attach(clusters.primary(),
                clusters.remote(), cleanup);
        assertEquals(RemoteSecret.secretName("remote"), attachment.secretName());

        Map<String, String> data = remote.secrets().inNamespace(RemoteSecret.NAMESPACE)
                .withName(RemoteSecret.TOKEN_SECRET).get().getData();
        String ca = decode(data.get("ca.crt"));
        assertTrue(ca.startsWith("-----BEGIN CERTIFICATE-----\n"), ca);
        assertTrue(decode(ca.lines().toList().get(1)).startsWith("fake certificate"), "the CA says it is fake");
        assertEquals(3, decode(data.get("token")).split("\\.").length, "a JWT-shaped token");
        assertEquals(RemoteSecret.NAMESPACE, decode(data.get("namespace")));
        assertNull(remote.secrets().inNamespace(RemoteSecret.NAMESPACE).withName("names-no-account").get().getData()
                .get("token"), "no ServiceAccount of that name: the token controller leaves the Secret alone");
    }

    static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    @Test
    void aLoadBalancerServiceGetsTheNodesAddressAndOthersDoNot() {
        KubernetesClient primary = clusters.primary().client();
        primary.services().inNamespace(IstioPlan.NAMESPACE).resource(service(IstioPlan.EASTWEST_GATEWAY,
                "LoadBalancer", null)).create();
        primary.services().inNamespace(IstioPlan.NAMESPACE).resource(service("istiod", "ClusterIP", null)).create();
        primary.services().inNamespace(IstioPlan.NAMESPACE).resource(service("other-class", "LoadBalancer",
                "example.test/lb")).create();
        primaryControllers.reconcileOnce();

        Service eastWest = primary.services().inNamespace(IstioPlan.NAMESPACE).withName(IstioPlan.EASTWEST_GATEWAY)
                .get();
        assertEquals(MockClusters.PRIMARY_NODE, eastWest.getStatus().getLoadBalancer().getIngress().get(0).getIp());
        assertEquals(1, eastWest.getStatus().getLoadBalancer().getIngress().size());
        for (String name : List.of("istiod", "other-class")) {
            Service s = primary.services().inNamespace(IstioPlan.NAMESPACE).withName(name).get();
            assertTrue(s.getStatus() == null || s.getStatus().getLoadBalancer() == null
                    || s.getStatus().getLoadBalancer().getIngress().isEmpty(), name + ": " + s.getStatus());
        }
    }

    static Service service(String name, String type, String loadBalancerClass) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace(IstioPlan.NAMESPACE).endMetadata()
                .withNewSpec().withType(type).withLoadBalancerClass(loadBalancerClass)
                .addToSelector("app", name).addNewPort().withName("tls").withPort(15443).endPort().endSpec().build();
    }

    @Test
    void stuckPodsWaitWithTheReasonAndTheHarnesssWaitSaysSo() {
        deployBookinfo();
        remoteControllers.podsStuck(d -> d.getMetadata().getName().equals("details-v1")
                ? Optional.of("ImagePullBackOff") : Optional.empty());
        reconcileBoth();

        Pod details = pods(clusters.remote()).get(0);
        assertEquals("Pending", details.getStatus().getPhase());
        ContainerStatus cs = details.getStatus().getContainerStatuses().get(0);
        assertEquals("ImagePullBackOff", cs.getState().getWaiting().getReason());
        assertEquals("mirror.example.com/istio/examples-bookinfo-details-v1:1.20.3", cs.getImage());
        assertFalse(cs.getReady());
        assertTrue(details.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "False".equals(c.getStatus())));
        assertNull(clusters.remote().client().apps().deployments().inNamespace(deployer.namespace())
                .withName("details-v1").get().getStatus().getReadyReplicas());
        assertEquals(Optional.empty(), remoteControllers.readySince(deployer.namespace(), "details-v1"));
        EndpointSlice slice = slice(clusters.remote(), "details");
        assertEquals(1, slice.getEndpoints().size(), "a pod waiting for its image has its IP: listed, not ready");
        assertFalse(slice.getEndpoints().get(0).getConditions().getReady());

        Waits.WaitTimeoutException e = assertThrows(Waits.WaitTimeoutException.class,
                () -> deployer.awaitReady(clusters.remote()));
        assertTrue(e.getMessage().contains("details-v1 0/1 ready [details ImagePullBackOff (image"
                + " mirror.example.com/istio/examples-bookinfo-details-v1:1.20.3 cannot be pulled"), e.getMessage());
        assertEquals(Optional.of(Layer.CLUSTER), e.brokenLayer());
        assertDoesNotThrow(() -> deployer.awaitReady(clusters.primary()), "the fault is the remote's details only");

        Instant cleared = Instant.now();
        remoteControllers.podsStuck(d -> Optional.empty());
        remoteControllers.reconcileOnce();
        assertDoesNotThrow(() -> deployer.awaitReady(clusters.remote()));
        assertFalse(remoteControllers.readySince(deployer.namespace(), "details-v1").orElseThrow()
                .isBefore(cleared), "ready only since the fault was cleared");
        assertTrue(slice(clusters.remote(), "details").getEndpoints().get(0).getConditions().getReady());
    }

    @Test
    void deletingTheNamespaceRemovesWhatWasInIt() {
        deployBookinfo();
        reconcileBoth();
        KubernetesClient primary = clusters.primary().client();
        // Outside any namespace object (the mock allows it): never seen alive, so never emptied.
        primary.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName("kubernetes")
                .withNamespace("default").endMetadata().withNewSpec().addNewPort().withPort(443).endPort().endSpec()
                .build()).create();
        assertEquals(5, pods(clusters.primary()).size());
        assertEquals(4, primary.discovery().v1().endpointSlices().inNamespace(deployer.namespace()).list()
                .getItems().size());

        primary.namespaces().withName(deployer.namespace()).delete();
        primaryControllers.reconcileOnce();

        String ns = deployer.namespace();
        assertEquals(List.of(), pods(clusters.primary()));
        assertEquals(List.of(), primary.discovery().v1().endpointSlices().inNamespace(ns).list().getItems());
        assertEquals(List.of(), primary.apps().deployments().inNamespace(ns).list().getItems());
        assertEquals(List.of(), primary.services().inNamespace(ns).list().getItems());
        assertEquals(List.of(), primary.serviceAccounts().inNamespace(ns).list().getItems());
        assertEquals(List.of(), primary.genericKubernetesResources("networking.istio.io/v1", "Gateway")
                .inNamespace(ns).list().getItems());
        assertNotNull(primary.services().inNamespace("default").withName("kubernetes").get());
        primaryControllers.reconcileOnce();
        assertEquals(List.of(), pods(clusters.primary()), "nothing comes back on the next pass");
    }

    @Test
    void theHarnesssUndoLeavesNoPodsOrSlicesBehind() {
        deployBookinfo();
        reconcileBoth();
        assertEquals(1, pods(clusters.remote()).size());
        cleanup.close();
        reconcileBoth();
        for (MeshCluster cluster : List.of(clusters.primary(), clusters.remote())) {
            assertEquals(List.of(), pods(cluster), cluster.name());
            assertEquals(List.of(), cluster.client().discovery().v1().endpointSlices().inAnyNamespace().list()
                    .getItems(), cluster.name());
        }
    }

    @Test
    void aWriteTheApiServerRefusesIsRetriedOnTheNextPass() {
        deployBookinfo();
        clusters.server("remote").expect().post().withPath("/api/v1/namespaces/" + deployer.namespace() + "/pods")
                .andReturn(409, new StatusBuilder().withCode(409).withReason("AlreadyExists").withMessage("conflict")
                        .build()).once();
        assertDoesNotThrow(() -> remoteControllers.reconcileOnce());
        assertEquals(List.of(), pods(clusters.remote()));
        assertNull(clusters.remote().client().apps().deployments().inNamespace(deployer.namespace())
                .withName("details-v1").get().getStatus().getReadyReplicas(), "no pod, not ready");

        remoteControllers.reconcileOnce();
        assertEquals(1, pods(clusters.remote()).size());
        assertDoesNotThrow(() -> deployer.awaitReady(clusters.remote()));
    }

    @Test
    void theThreadOutlivesAFailingPassAndStopsWhenClosed() {
        deployBookinfo();
        AtomicInteger calls = new AtomicInteger();
        remoteControllers.podsStuck(d -> {
            if (calls.incrementAndGet() <= 3) {
                throw new IllegalStateException("a fault hook that fails, three times");
            }
            return Optional.empty();
        });
        remoteControllers.start();
        Waits.until("the stand-in's thread makes details ready after failed passes", Duration.ofSeconds(10),
                Duration.ofMillis(50), () -> {
                    Integer ready = clusters.remote().client().apps().deployments().inNamespace(deployer.namespace())
                            .withName("details-v1").get().getStatus() == null ? null
                            : clusters.remote().client().apps().deployments().inNamespace(deployer.namespace())
                            .withName("details-v1").get().getStatus().getReadyReplicas();
                    return Integer.valueOf(1).equals(ready) ? Optional.empty() : Optional.of("ready " + ready);
                });
        assertTrue(calls.get() > 3);

        remoteControllers.close();
        List<String> before = new ArrayList<>();
        pods(clusters.remote()).forEach(p -> before.add(p.getMetadata().getName()));
        clusters.remote().client().apps().deployments().inNamespace(deployer.namespace())
                .resource(deployment(deployer.namespace(), "late", Map.of())).create();
        int callsAtClose = calls.get();
        sleep(400);
        assertEquals(callsAtClose, calls.get(), "no pass after close");
        Set<String> after = new HashSet<>();
        pods(clusters.remote()).forEach(p -> after.add(p.getMetadata().getName()));
        assertEquals(new HashSet<>(before), after, "a Deployment made after close gets no pods");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A remote's injector serves /inject/cluster/&lt;cluster&gt;/net/&lt;network&gt;: the sidecar gets the path's
     * cluster and network, and the pod the network label istiod reads first (istio/istio 1.30.3
     * pkg/kube/inject/webhook.go); the primary's plain /inject adds neither.
     */
    @Test
    void aRemotesInjectorLabelsThePodWithTheNetworkOfItsPath() {
        assertEquals(Map.of("ISTIO_META_CLUSTER_ID", "remote", "ISTIO_META_NETWORK", "network2"),
                ControllersStandIn.injectionEnv("/inject/cluster/remote/net/network2"));
        assertEquals(Map.of(), ControllersStandIn.injectionEnv("/inject"));
        KubernetesClient client = clusters.remote().client();
        client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(
                new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("istio-sidecar-injector")
                        .endMetadata().addNewWebhook().withName("namespace.sidecar-injector.istio.io")
                        .withNewClientConfig().withNewService().withName("istiod").withNamespace("istio-system")
                        .withPath("/inject/cluster/remote/net/network2").endService().endClientConfig().endWebhook()
                        .build()).create();
        deployBookinfo();
        reconcileBoth();

        Pod details = pods(clusters.remote()).stream().filter(p -> p.getMetadata().getName().startsWith("details-v1-"))
                .findFirst().orElseThrow();
        assertEquals("network2", details.getMetadata().getLabels().get("topology.istio.io/network"));
        assertTrue(details.getSpec().getContainers().stream().filter(c -> c.getName().equals("istio-proxy"))
                .flatMap(c -> c.getEnv().stream()).anyMatch(e -> e.getName().equals("ISTIO_META_NETWORK")
                        && e.getValue().equals("network2")), details.getSpec().toString());
        assertTrue(pods(clusters.primary()).stream().noneMatch(p -> p.getMetadata().getLabels()
                .containsKey("topology.istio.io/network")), "no injector in the primary here, no label");
    }

    /** k3s started with --disable=servicelb: a LoadBalancer Service keeps waiting for an address. */
    @Test
    void withoutServiceLbALoadBalancerServiceGetsNoAddress() {
        KubernetesClient remote = clusters.remote().client();
        remote.services().inNamespace(IstioPlan.NAMESPACE).resource(service(IstioPlan.EASTWEST_GATEWAY,
                "LoadBalancer", null)).create();
        remoteControllers.serviceLbDisabled().reconcileOnce();

        Service eastWest = remote.services().inNamespace(IstioPlan.NAMESPACE).withName(IstioPlan.EASTWEST_GATEWAY)
                .get();
        assertTrue(eastWest.getStatus() == null || eastWest.getStatus().getLoadBalancer() == null
                || eastWest.getStatus().getLoadBalancer().getIngress() == null
                || eastWest.getStatus().getLoadBalancer().getIngress().isEmpty(), String.valueOf(eastWest.getStatus()));
    }
}
