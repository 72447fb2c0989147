package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.MockClusters;
import io.meshconformance.config.LabelSelector;
import io.meshconformance.doctor.CheckResult.Status;
import io.meshconformance.istio.IstiodDebug;
import io.meshconformance.istio.RemoteSecret;
import io.meshconformance.lifecycle.Layer;
import io.meshconformance.lifecycle.RunId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Component tier: the doctor against two mock API servers holding a healthy mesh ({@link HealthyMesh}), then with
 * one thing broken per test. Each test asserts the named result, what it says was seen, and the fix.
 */
@Tag("component")
class PreflightDoctorTest {

    static final PreflightDoctor.Expectations VERIFY = new PreflightDoctor.Expectations(false, false,
            HealthyMesh.APP_NAMESPACE);
    static final Optional<RunId> RUN = Optional.of(new RunId("20261125-1400-abcd"));

    MockClusters clusters;
    IstiodDebug istiod = HealthyMesh.istiod("clusterz-synced.json");

    @BeforeEach
    void healthyMesh() {
        clusters = new MockClusters();
        HealthyMesh.populate(clusters);
    }

    @AfterEach
    void close() {
        clusters.close();
    }

    DoctorReport run(PreflightDoctor.Expectations expect) {
        return new PreflightDoctor(clusters.primary(), List.of(clusters.remote()), () -> istiod, expect, RUN).run();
    }

    DoctorReport run() {
        return run(VERIFY);
    }

    static CheckResult result(DoctorReport report, String check, String scope) {
        return report.find(check, scope).orElseThrow(() -> new AssertionError("no result " + check + " [" + scope
                + "] in\n" + report.table()));
    }

    static void assertFails(DoctorReport report, String check, String scope, String evidence, String fix) {
        CheckResult r = result(report, check, scope);
        assertEquals(Status.FAIL, r.status(), report.table());
        assertTrue(r.evidence().contains(evidence), "evidence of " + check + ": " + r.evidence());
        assertTrue(r.fix().contains(fix), "fix of " + check + ": " + r.fix());
        assertTrue(report.failed());
    }

    @Test
    void aHealthyMeshPassesEveryCheck() {
        DoctorReport report = run();
        assertFalse(report.failed(), report.table());
        for (String[] expected : new String[][] {{"api", "primary"}, {"api", "remote"},
                {"topology-ranges", "primary"}, {"topology-ranges", "remote"}, {"ranges-disjoint", "mesh"},
                {"istio-primary", "primary"}, {"istio-remote", "remote"}, {"network-label", "primary"},
                {"network-label", "remote"}, {"ingress-gateway", "primary"}, {"remote-secret", "remote"},
                {"istiod-sync", "remote"}, {"root-cert", "mesh"}, {"details-dns", "primary"}}) {
            assertEquals(Status.PASS, result(report, expected[0], expected[1]).status(), report.table());
        }
        assertEquals(14, report.results().size(), report.table());
        String api = result(report, "api", "remote").evidence();
        assertTrue(api.startsWith("Kubernetes v1.35.4+k3s1 at http://"), api);
        assertTrue(result(report, "istio-primary", "primary").evidence().contains("istio-system/istiod 1/1 ready,"
                + " image docker.io/istio/pilot:1.30.3, CLUSTER_ID=primary"));
        assertTrue(result(report, "remote-secret", "remote").evidence().contains("server https://192.168.255.3:6443,"
                + " credentials embedded (not shown)"));
        assertTrue(report.table().contains("14 checks: 14 passed, 0 failed"), report.table());
    }

    @Test
    void theTableNeverShowsTheTokenOrTheCertificates() {
        String table = run().table();
        assertFalse(table.contains(HealthyMesh.FAKE_TOKEN), table);
        assertFalse(table.contains("BEGIN"), table);
        assertFalse(table.contains("cm9vdC1jZXJ0aWZpY2F0ZS1vZi10aGUtbWVzaA"), "the root certificate, not its"
                + " fingerprint: " + table);
        assertTrue(table.contains("sha256 "), table);
    }

    @Test
    void anApiServerThatDoesNotAnswerFailsAndItsChecksAreSkipped() {
        // Port 1 on loopback: nothing listens; no retries, so the doctor says so at once.
        KubernetesClient dead = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("https://127.0.0.1:1").withConnectionTimeout(2000).withRequestTimeout(2000)
                .withRequestRetryBackoffLimit(0).build()).build();
        MeshCluster remote = new MeshCluster(clusters.remote().spec(), dead, "", "https://127.0.0.1:1");
        DoctorReport report = new PreflightDoctor(clusters.primary(), List.of(remote), () -> istiod, VERIFY, RUN)
                .run();
        dead.close();
        assertFails(report, "api", "remote", "Connection refused", "no usable answer from https://127.0.0.1:1");
        assertTrue(result(report, "api", "remote").fix().contains("mesh.remote.context"));
        assertEquals(Status.PASS, result(report, "api", "primary").status());
        for (String check : List.of("topology-ranges", "istio-remote", "network-label")) {
            CheckResult r = result(report, check, "remote");
            assertEquals(Status.SKIP, r.status(), report.table());
            assertTrue(r.evidence().contains("did not answer"), r.evidence());
        }
        assertEquals(Status.SKIP, result(report, "ranges-disjoint", "mesh").status());
        assertEquals(Status.SKIP, result(report, "root-cert", "mesh").status());
    }

    @Test
    void rejectedCredentialsAreNamedWithTheRefreshFix() {
        clusters.server("primary").expect().get().withPath("/api/v1/namespaces?limit=1")
                .andReturn(401, new StatusBuilder().withCode(401).withReason("Unauthorized")
                        .withMessage("Unauthorized").build()).always();
        DoctorReport report = run();
        assertFails(report, "api", "primary", "HTTP 401", "refresh the kubeconfig");
    }

    @Test
    void noIstiodInThePrimary() {
        clusters.primary().client().apps().deployments().inNamespace("istio-system").withName("istiod").delete();
        DoctorReport report = run();
        assertFails(report, "istio-primary", "primary", "no Deployment labelled app=istiod in istio-system",
                "mesh.existing.install=true");
        assertEquals(Status.SKIP, result(report, "istiod-sync", "remote").status(), "no istiod to ask");
    }

    @Test
    void istiodNotReady() {
        clusters.primary().client().apps().deployments().inNamespace("istio-system").withName("istiod").delete();
        HealthyMesh.istiod(clusters.primary().client(), "primary", 0);
        assertFails(run(), "istio-primary", "primary", "istio-system/istiod 0/1 ready", "describe deployment istiod");
    }

    @Test
    void istiodCallsItsClusterOtherwiseThanTheTopology() {
        clusters.primary().client().apps().deployments().inNamespace("istio-system").withName("istiod").delete();
        HealthyMesh.istiod(clusters.primary().client(), "Kubernetes", 1);
        assertFails(run(), "istio-primary", "primary", "its CLUSTER_ID is 'Kubernetes'",
                "global.multiCluster.clusterName");
    }

    @Test
    void aRemoteRunningItsOwnIstiodIsNotARemoteProfile() {
        HealthyMesh.istiod(clusters.remote().client(), "remote", 1);
        assertFails(run(), "istio-remote", "remote", "a ready istiod runs in the remote", "profile=remote");
    }

    @Test
    void aRemoteWithoutTheControlPlaneAnnotationIsNotLedByThePrimary() {
        clusters.remote().client().namespaces().withName("istio-system").edit(ns -> new NamespaceBuilder(ns)
                .editMetadata().withAnnotations(Map.of()).endMetadata().build());
        assertFails(run(), "istio-remote", "remote", "no topology.istio.io/controlPlaneClusters annotation",
                "annotate namespace istio-system topology.istio.io/controlPlaneClusters=primary");
    }

    @Test
    void aRemoteWithoutIstioAtAll() {
        clusters.remote().client().services().inNamespace("istio-system").withName("istiod").delete();
        assertFails(run(), "istio-remote", "remote", "no Service istio-system/istiod", "profile=remote");
    }

    @Test
    void overlappingPodRangesFailAndNameBothClusters() {
        // Two clusters made with k3s's defaults: both nodes get 10.42.0.0/24 (the tutorial's first requirement).
        clusters.primary().client().nodes().withName("primary-server").delete();
        clusters.remote().client().nodes().withName("remote-server").delete();
        HealthyMesh.node(clusters.primary().client(), "primary-server", "10.42.0.0/24");
        HealthyMesh.node(clusters.remote().client(), "remote-server", "10.42.0.0/24");
        DoctorReport report = run();
        assertFails(report, "ranges-disjoint", "mesh", "primary pod range 10.42.0.0/24 overlaps remote pod range"
                + " 10.42.0.0/24", "rebuild one with other ranges");
        assertFails(report, "topology-ranges", "remote", "outside the topology's podCidr 10.20.0.0/16",
                "mesh.topology");
    }

    @Test
    void rangesThatDisagreeWithTheTopologyAreNamed() {
        clusters.remote().client().nodes().withName("remote-server").delete();
        HealthyMesh.node(clusters.remote().client(), "remote-server", "172.20.0.0/24");
        DoctorReport report = run();
        assertFails(report, "topology-ranges", "remote", "pods use 172.20.0.0/24, outside the topology's podCidr"
                + " 10.20.0.0/16", "write the cluster's real ranges into the topology file");
        assertEquals(Status.PASS, result(report, "ranges-disjoint", "mesh").status(), "still disjoint");
    }

    @Test
    void serviceRangesFromServiceCidrObjectsAreCompared() {
        serviceCidr(clusters.primary().client(), "10.255.10.0/24");
        serviceCidr(clusters.remote().client(), "10.255.10.0/24");
        DoctorReport report = run();
        assertTrue(result(report, "topology-ranges", "primary").evidence().contains("10.255.10.0/24 (ServiceCIDR)"));
        assertFails(report, "ranges-disjoint", "mesh", "primary service range 10.255.10.0/24 overlaps remote service"
                + " range 10.255.10.0/24", "--service-cidr");
        assertFails(report, "topology-ranges", "remote", "its ServiceCIDR is 10.255.10.0/24 (ServiceCIDR), not the"
                + " topology's serviceCidr 10.255.20.0/24", "mesh.topology");
    }

    @Test
    void withoutNodePodCidrsRunningPodAddressesStandIn() {
        // A CNI with its own IPAM (such as a cloud VPC CNI) leaves nodes without podCIDR.
        clusters.remote().client().nodes().withName("remote-server").delete();
        clusters.remote().client().nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder()
                .withNewMetadata().withName("remote-server").endMetadata().build()).create();
        clusters.remote().client().pods().inNamespace("bookinfo").resource(new io.fabric8.kubernetes.api.model
                .PodBuilder().withNewMetadata().withName("details-v1-x").withNamespace("bookinfo").endMetadata()
                .withNewStatus().withPodIP("10.20.3.7").endStatus().build()).create();
        CheckResult r = result(run(), "topology-ranges", "remote");
        assertEquals(Status.PASS, r.status(), r.evidence());
        assertTrue(r.evidence().contains("pods: 10.20.3.7/32 (addresses of running pods"), r.evidence());
    }

    static void serviceCidr(KubernetesClient client, String cidr) {
        client.genericKubernetesResources(ClusterRanges.SERVICE_CIDRS).resource(new GenericKubernetesResourceBuilder()
                .withApiVersion("networking.k8s.io/v1").withKind("ServiceCIDR").withNewMetadata()
                .withName("kubernetes").endMetadata().addToAdditionalProperties("spec", Map.of("cidrs", List.of(cidr)))
                .build()).create();
    }

    @Test
    void noRemoteSecretAtAll() {
        clusters.primary().client().secrets().inNamespace("istio-system").withName("istio-remote-secret-remote")
                .delete();
        DoctorReport report = run();
        assertFails(report, "remote-secret", "remote", "no Secret labelled istio/multiCluster=true in istio-system",
                "istioctl create-remote-secret --context=<remote> --name=remote");
        assertEquals(Status.SKIP, result(report, "istiod-sync", "remote").status());
    }

    @Test
    void aSecretWhoseDataKeyIsNotTheClusterName() {
        clusters.primary().client().secrets().inNamespace("istio-system").withName("istio-remote-secret-remote")
                .delete();
        HealthyMesh.remoteSecret(clusters.primary().client(), "cluster2", RemoteSecret.kubeconfig("cluster2",
                "https://192.168.255.3:6443", HealthyMesh.pem("Y2E="), HealthyMesh.FAKE_TOKEN));
        assertFails(run(), "remote-secret", "remote", "istio-remote-secret-cluster2 [cluster2], none 'remote'",
                "the data key must equal the remote's cluster name");
    }

    @Test
    void aSecretWhoseServerIsLoopback() {
        replaceSecret(RemoteSecret.kubeconfig("remote", "https://192.168.255.3:6443", HealthyMesh.pem("Y2E="),
                HealthyMesh.FAKE_TOKEN).replace("https://192.168.255.3:6443", "https://127.0.0.1:6443"));
        assertFails(run(), "remote-secret", "remote", "server https://127.0.0.1:6443", "which in istiod's pod is the pod itself");
    }

    @Test
    void aSecretWhoseKubeconfigRunsACommand() {
        replaceSecret("apiVersion: v1\nkind: Config\nclusters:\n- name: remote\n  cluster:\n    server:"
                + " https://remote.example.com:6443\ncontexts:\n- name: remote\n  context:\n    cluster: remote\n"
                + "    user: remote\ncurrent-context: remote\nusers:\n- name: remote\n  user:\n    exec:\n"
                + "      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n");
        assertFails(run(), "remote-secret", "remote", "runs a command (exec)", "istiod rejects kubeconfigs");
    }

    private void replaceSecret(String kubeconfig) {
        clusters.primary().client().secrets().inNamespace("istio-system").withName("istio-remote-secret-remote")
                .delete();
        HealthyMesh.remoteSecret(clusters.primary().client(), "remote", kubeconfig);
    }

    @Test
    void istiodReportsTheRemoteTimedOut() {
        istiod = HealthyMesh.istiod("clusterz-timeout.json");
        assertFails(run(), "istiod-sync", "remote", "cluster 'remote' is timeout",
                "reachable from istiod's pod");
    }

    @Test
    void istiodThatCannotBeAskedIsAFailureOfThatCheckOnly() {
        istiod = path -> {
            throw new IllegalStateException("no running istiod pod");
        };
        DoctorReport report = run();
        assertFails(report, "istiod-sync", "remote", "could not be read: no running istiod pod",
                "istiod must be running there and the credentials need pods/exec in istio-system");
        assertEquals(1, report.failures().size(), report.table());
    }

    @Test
    void aRemoteWithoutTheRootCertificate() {
        clusters.remote().client().configMaps().inNamespace("istio-system").withName("istio-ca-root-cert").delete();
        assertFails(run(), "root-cert", "mesh", "no istio-system/istio-ca-root-cert (root-cert.pem) in [remote]",
                "annotate the remote's istio-system with topology.istio.io/controlPlaneClusters=primary");
    }

    @Test
    void rootCertificatesThatDiffer() {
        clusters.remote().client().configMaps().inNamespace("istio-system").withName("istio-ca-root-cert").delete();
        HealthyMesh.rootCert(clusters.remote().client(), HealthyMesh.OTHER_ROOT_PEM);
        DoctorReport report = run();
        assertFails(report, "root-cert", "mesh", "the root certificates differ: primary sha256 ",
                "plug in CA certificates");
        assertFalse(report.table().contains("YW5vdGhlci1yb290"), "fingerprints only");
    }

    @Test
    void aRemoteNotYetAttachedHasNoRootYetWhichIsFineWhenTheRunAttachesIt() {
        clusters.primary().client().secrets().inNamespace("istio-system").withName("istio-remote-secret-remote")
                .delete();
        clusters.remote().client().configMaps().inNamespace("istio-system").withName("istio-ca-root-cert").delete();
        DoctorReport report = run(new PreflightDoctor.Expectations(false, true, "bookinfo"));
        CheckResult r = result(report, "root-cert", "mesh");
        assertEquals(Status.SKIP, r.status(), report.table());
        assertTrue(r.evidence().contains("once the run has attached the remote"), r.evidence());
        assertFalse(report.failed(), report.table());
    }

    @Test
    void bundlesThatShareARootAreAWarning() {
        clusters.remote().client().configMaps().inNamespace("istio-system").withName("istio-ca-root-cert").delete();
        HealthyMesh.rootCert(clusters.remote().client(), HealthyMesh.ROOT_PEM + HealthyMesh.OTHER_ROOT_PEM);
        DoctorReport report = run();
        CheckResult r = result(report, "root-cert", "mesh");
        assertEquals(Status.WARN, r.status(), report.table());
        assertTrue(r.evidence().contains("remote sha256 D5:52:E0:91:46:5E:BA:A8:... + "), r.evidence());
        assertFalse(report.failed());
    }

    @Test
    void istiodWithoutClusterIdCallsItsClusterKubernetes() {
        clusters.primary().client().apps().deployments().inNamespace("istio-system").withName("istiod").delete();
        clusters.primary().client().apps().deployments().inNamespace("istio-system").resource(
                new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewMetadata().withName("istiod")
                        .withNamespace("istio-system").addToLabels("app", "istiod").endMetadata().withNewSpec()
                        .withNewTemplate().withNewSpec().addNewContainer().withName("discovery").withImage("pilot")
                        .endContainer().endSpec().endTemplate().endSpec().withNewStatus().withReadyReplicas(1)
                        .endStatus().build()).create();
        assertFails(run(), "istio-primary", "primary", "its CLUSTER_ID is 'Kubernetes'", "rename the cluster");
    }

    @Test
    void theDefaultRevisionIsPreferredAmongSeveralIstiods() {
        clusters.primary().client().apps().deployments().inNamespace("istio-system").resource(
                new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewMetadata().withName("istiod-canary")
                        .withNamespace("istio-system").addToLabels("app", "istiod").endMetadata().withNewSpec()
                        .withReplicas(1).endSpec().withNewStatus().withReadyReplicas(0).endStatus().build()).create();
        CheckResult r = result(run(), "istio-primary", "primary");
        assertEquals(Status.PASS, r.status(), r.evidence());
        assertTrue(r.evidence().startsWith("istio-system/istiod 1/1 ready"), r.evidence());
    }

    @Test
    void theControlPlaneAnnotationMayListSeveralClusters() {
        clusters.remote().client().namespaces().withName("istio-system").edit(ns -> new NamespaceBuilder(ns)
                .editMetadata().withAnnotations(Map.of("topology.istio.io/controlPlaneClusters", "other, primary"))
                .endMetadata().build());
        assertEquals(Status.PASS, result(run(), "istio-remote", "remote").status());
    }

    @Test
    void withoutServiceCidrObjectsTheTopologysServiceRangeIsComparedAndSaidSo() {
        CheckResult r = result(run(), "ranges-disjoint", "mesh");
        assertTrue(r.evidence().contains("services 10.255.10.0/24 (the topology's: this API reveals no ServiceCIDR,"
                + " only default/kubernetes at 10.255.10.1)"), r.evidence());
    }

    @Test
    void aNetworkLabelThatContradictsTheTopology() {
        clusters.primary().client().namespaces().withName("istio-system").edit(ns -> new NamespaceBuilder(ns)
                .editMetadata().addToLabels("topology.istio.io/network", "network2").endMetadata().build());
        assertFails(run(), "network-label", "primary", "labelled topology.istio.io/network=network2, the topology"
                + " says network 'network1'", "make them agree");
    }

    @Test
    void detailsServiceMissingInTheCallingCluster() {
        clusters.primary().client().services().inNamespace("bookinfo").withName("details").delete();
        assertFails(run(), "details-dns", "primary", "Service bookinfo/details exists in 'remote' but not in"
                + " 'primary'", "create the Service details (port 9080, name http, selector app=details) without a"
                + " Deployment in namespace bookinfo of 'primary'");
    }

    @Test
    void detailsCheckIsSkippedWhenTheRemoteServesNoDetails() {
        CheckResult r = result(new PreflightDoctor(clusters.primary(), List.of(clusters.remote()), () -> istiod,
                new PreflightDoctor.Expectations(false, false, "shop"), RUN).run(), "details-dns", "primary");
        assertEquals(Status.SKIP, r.status());
        assertTrue(r.evidence().contains("set mesh.doctor.namespace"), r.evidence());
    }

    @Test
    void noReadyIngressGateway() {
        clusters.primary().client().pods().inNamespace("istio-system").withName("istio-ingressgateway-5d8f7c9b4-abcde")
                .delete();
        HealthyMesh.ingressGatewayPod(clusters.primary().client(), false);
        assertFails(run(), "ingress-gateway", "primary", "1 pods labelled istio=ingressgateway (any namespace), none"
                + " ready", "install one");
    }

    @Test
    void aGatewayWithOtherLabelsElsewhereIsFoundThroughTheSelectorSetting() {
        clusters.primary().client().pods().inNamespace("istio-system").withName("istio-ingressgateway-5d8f7c9b4-abcde")
                .delete();
        clusters.primary().client().pods().inNamespace("istio-ingress").resource(new io.fabric8.kubernetes.api.model
                .PodBuilder().withNewMetadata().withName("istio-ingress-6c7d8").withNamespace("istio-ingress")
                .addToLabels("istio", "ingress").endMetadata().withNewStatus().withPhase("Running").addNewCondition()
                .withType("Ready")
                .withStatus("True").endCondition().endStatus().build()).create();
        assertFails(run(), "ingress-gateway", "primary", "0 pods labelled istio=ingressgateway (any namespace)",
                "give your gateway's labels with mesh.ingress.selector (e.g. istio=ingress");
        CheckResult r = result(run(new PreflightDoctor.Expectations(false, false, "bookinfo",
                LabelSelector.of("istio", "ingress"))), "ingress-gateway", "primary");
        assertEquals(Status.PASS, r.status(), r.evidence());
        assertTrue(r.evidence().contains("istio-ingress/istio-ingress-6c7d8"), r.evidence());
    }

    @Test
    void installingOverAnIstioTheRunDidNotMakeIsRefused() {
        DoctorReport report = run(new PreflightDoctor.Expectations(true, true, "bookinfo"));
        assertFails(report, "istio-primary", "primary", "namespace istio-system exists and was not created by this"
                + " run", "set mesh.existing.install=false to verify the Istio this cluster has");
        assertFails(report, "istio-remote", "remote", "exists and was not created by this run",
                "set mesh.existing.install=false");
        assertFails(report, "remote-secret", "remote", "already attaches 'remote'", "mesh.existing.attach=false");
        for (String[] skipped : new String[][] {{"network-label", "primary"}, {"ingress-gateway", "primary"},
                {"istiod-sync", "remote"}, {"root-cert", "mesh"}}) {
            assertEquals(Status.SKIP, result(report, skipped[0], skipped[1]).status(), report.table());
        }
    }

    @Test
    void clustersWithoutIstioAreFitForARunThatInstallsIt() {
        clusters.close();
        clusters = new MockClusters();
        HealthyMesh.node(clusters.primary().client(), "primary-server", "10.10.0.0/24");
        HealthyMesh.node(clusters.remote().client(), "remote-server", "10.20.0.0/24");
        DoctorReport report = run(new PreflightDoctor.Expectations(true, true, "bookinfo"));
        assertFalse(report.failed(), report.table());
        assertTrue(result(report, "istio-primary", "primary").evidence().contains("this run installs Istio"));
    }

    @Test
    void theFailureNamesEveryFailedCheckAndTheLayerOfTheFirst() {
        clusters.primary().client().secrets().inNamespace("istio-system").withName("istio-remote-secret-remote")
                .delete();
        clusters.primary().client().services().inNamespace("bookinfo").withName("details").delete();
        PreflightFailedException e = new PreflightFailedException(run());
        assertTrue(e.getMessage().startsWith("Preflight doctor: 2 of 14 checks failed: remote-secret [remote]: no"
                + " Secret labelled"), e.getMessage());
        assertTrue(e.getMessage().contains(" | details-dns [primary]: "), e.getMessage());
        assertEquals(Layer.ATTACH_SYNC, e.layer());
    }
}
