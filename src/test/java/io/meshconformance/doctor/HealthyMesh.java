package io.meshconformance.doctor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.cluster.MockClusters;
import io.meshconformance.istio.ControlPlane;
import io.meshconformance.istio.IstiodDebug;
import io.meshconformance.istio.IstiodRevision;
import io.meshconformance.istio.RemoteSecret;
import io.meshconformance.text.FakeSecrets;

/**
 * Puts a healthy primary-remote mesh into two mock API servers, as the real controllers would have left it: the
 * node IPAM controller's podCIDRs, the API server's {@code default/kubernetes} Service, Helm's istio-system objects,
 * the deployment controller's ready counts, the kubelet's pod conditions, istiod's root certificate ConfigMaps, and
 * a remote secret as istioctl would write it. Tests then break one thing each.
 */
public final class HealthyMesh {

    /** A token-shaped string assembled at run time, so no committed line looks like a credential. */
    public static final String FAKE_TOKEN = FakeSecrets.jwt("reader");
    public static final String ROOT_PEM = pem("cm9vdC1jZXJ0aWZpY2F0ZS1vZi10aGUtbWVzaA==");
    public static final String OTHER_ROOT_PEM = pem("YW5vdGhlci1yb290LWNlcnRpZmljYXRl");
    public static final String APP_NAMESPACE = "bookinfo";
    /** The control plane the doctor finds in it: the only istiod of istio-system, without a revision. */
    public static final ControlPlane CONTROL_PLANE = ControlPlane.verified("primary", new IstiodRevision(
            "istio-system", Optional.empty(), Optional.empty(), IstiodRevision.Found.ONLY_ONE));

    private HealthyMesh() {
    }

    public static String pem(String base64Body) {
        return FakeSecrets.begin("CERTIFICATE") + "\n" + base64Body + "\n" + FakeSecrets.end("CERTIFICATE") + "\n";
    }

    public static void populate(MockClusters clusters) {
        populate(clusters, "istio-system", "default");
    }

    /**
     * The same mesh with its control plane in {@code namespace} of both clusters (the remote profile in the namespace
     * of the same name), installed with {@code revision} ({@code default}: without one): istiod-&lt;revision&gt;,
     * the remote's Service of that name, and each cluster's injector of that revision.
     */
    public static void populate(MockClusters clusters, String namespace, String revision) {
        KubernetesClient primary = clusters.primary().client();
        KubernetesClient remote = clusters.remote().client();
        String istiodName = revision.equals("default") ? "istiod" : "istiod-" + revision;

        node(primary, "primary-server", "10.10.0.0/24");
        node(remote, "remote-server", "10.20.0.0/24");
        apiService(primary, "10.255.10.1");
        apiService(remote, "10.255.20.1");

        namespace(primary, namespace, Map.of());
        istiod(primary, namespace, revision, "primary", 1);
        sidecarInjector(primary, namespace, revision);
        ingressGatewayPod(primary, true);
        rootCert(primary, namespace, ROOT_PEM);
        remoteSecret(primary, namespace, "remote", RemoteSecret.kubeconfig("remote", "https://"
                + MockClusters.REMOTE_NODE + ":6443", pem("Y2x1c3Rlci1jYQ=="), FAKE_TOKEN));

        namespace(remote, namespace, Map.of("topology.istio.io/controlPlaneClusters", "primary"));
        remote.services().inNamespace(namespace).resource(new ServiceBuilder().withNewMetadata()
                .withName(istiodName).withNamespace(namespace).endMetadata().withNewSpec()
                .addNewPort().withName("tcp-istiod").withPort(15012).endPort().endSpec().build()).create();
        rootCert(remote, namespace, ROOT_PEM);
        sidecarInjector(remote, namespace, revision);

        namespace(primary, APP_NAMESPACE, Map.of());
        namespace(remote, APP_NAMESPACE, Map.of());
        details(primary);
        details(remote);
    }

    public static void node(KubernetesClient client, String name, String podCidr) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withPodCIDR(podCidr).withPodCIDRs(podCidr).endSpec().build()).create();
    }

    public static void apiService(KubernetesClient client, String clusterIp) {
        client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata()
                .withName("kubernetes").withNamespace("default").endMetadata().withNewSpec().withClusterIP(clusterIp)
                .addNewPort().withName("https").withPort(443).endPort().endSpec().build()).create();
    }

    public static void namespace(KubernetesClient client, String name, Map<String, String> annotations) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .withAnnotations(annotations).endMetadata().build()).create();
    }

    public static void istiod(KubernetesClient client, String clusterId, int ready) {
        istiod(client, "istio-system", "default", clusterId, ready);
    }

    /** istiod as the chart names and labels it (templates/deployment.yaml, 1.30.3), in {@code namespace}. */
    public static void istiod(KubernetesClient client, String namespace, String revision, String clusterId,
            int ready) {
        client.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder().withNewMetadata()
                .withName(revision.equals("default") ? "istiod" : "istiod-" + revision).withNamespace(namespace)
                .addToLabels("app", "istiod").addToLabels("istio.io/rev", revision).endMetadata()
                .withNewSpec().withReplicas(1).withNewTemplate().withNewSpec().addNewContainer().withName("discovery")
                .withImage("docker.io/istio/pilot:1.30.3").addNewEnv().withName("CLUSTER_ID").withValue(clusterId)
                .endEnv().endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withReadyReplicas(ready).endStatus().build()).create();
    }

    /**
     * The sidecar injector's MutatingWebhookConfiguration as the istiod chart renders it, in a primary and (with the
     * remote profile) in a remote: istio/istio 1.30.3 istio-discovery templates/mutatingwebhook.yaml, its name with
     * the revision and, outside istio-system, the namespace; webhooks rev.namespace and rev.object for every
     * revision, namespace and object for the default one. Only the selectors the doctor reads are written.
     */
    public static void sidecarInjector(KubernetesClient client, String namespace, String revision) {
        boolean isDefault = revision.equals("default");
        String name = "istio-sidecar-injector" + (isDefault ? "" : "-" + revision)
                + (namespace.equals("istio-system") ? "" : "-" + namespace);
        List<MutatingWebhook> webhooks = new ArrayList<>(List.of(
                webhook("rev.namespace.", selector(expr("istio.io/rev", "In", revision),
                        expr("istio-injection", "DoesNotExist"))),
                webhook("rev.object.", selector(expr("istio.io/rev", "DoesNotExist"),
                        expr("istio-injection", "DoesNotExist")))));
        if (isDefault) {
            webhooks.add(webhook("namespace.", selector(expr("istio-injection", "In", "enabled"))));
            webhooks.add(webhook("object.", selector(expr("istio-injection", "DoesNotExist"),
                    expr("istio.io/rev", "DoesNotExist"))));
        }
        client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(
                new MutatingWebhookConfigurationBuilder().withNewMetadata().withName(name)
                        .addToLabels("istio.io/rev", revision).addToLabels("app", "sidecar-injector").endMetadata()
                        .withWebhooks(webhooks).build()).create();
    }

    /** A revision tag's injector configuration (revision-tags-mwc.yaml, 1.30.3), labelled with tag and revision. */
    public static void revisionTag(KubernetesClient client, String tag, String revision) {
        client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(
                new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("istio-revision-tag-" + tag)
                        .addToLabels("istio.io/tag", tag).addToLabels("istio.io/rev", revision).endMetadata()
                        .withWebhooks(webhook("rev.namespace.", selector(expr("istio.io/rev", "In", tag),
                                expr("istio-injection", "DoesNotExist")))).build()).create();
    }

    static MutatingWebhook webhook(String prefix, LabelSelector namespaceSelector) {
        return new MutatingWebhookBuilder().withName(prefix + "sidecar-injector.istio.io")
                .withNamespaceSelector(namespaceSelector).build();
    }

    static LabelSelector selector(LabelSelectorRequirement... expressions) {
        return new LabelSelectorBuilder().withMatchExpressions(expressions).build();
    }

    static LabelSelectorRequirement expr(String key, String operator, String... values) {
        return new LabelSelectorRequirement(key, operator, values.length == 0 ? null : List.of(values));
    }

    public static void ingressGatewayPod(KubernetesClient client, boolean ready) {
        client.pods().inNamespace("istio-system").resource(new PodBuilder().withNewMetadata()
                .withName("istio-ingressgateway-5d8f7c9b4-abcde").withNamespace("istio-system")
                .addToLabels("istio", "ingressgateway").endMetadata()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready")
                .withStatus(ready ? "True" : "False").endCondition().endStatus().build()).create();
    }

    public static void rootCert(KubernetesClient client, String pem) {
        rootCert(client, "istio-system", pem);
    }

    public static void rootCert(KubernetesClient client, String namespace, String pem) {
        client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("istio-ca-root-cert").withNamespace(namespace).endMetadata()
                .addToData("root-cert.pem", pem).build()).create();
    }

    public static void remoteSecret(KubernetesClient client, String key, String kubeconfig) {
        remoteSecret(client, "istio-system", key, kubeconfig);
    }

    public static void remoteSecret(KubernetesClient client, String namespace, String key, String kubeconfig) {
        client.secrets().inNamespace(namespace).resource(new SecretBuilder()
                .withNewMetadata().withName("istio-remote-secret-" + key).withNamespace(namespace)
                .addToLabels("istio/multiCluster", "true").endMetadata()
                .addToData(key, Base64.getEncoder().encodeToString(kubeconfig.getBytes(StandardCharsets.UTF_8)))
                .build()).create();
    }

    /** A ServiceCIDR object, as Kubernetes 1.33+ creates one for the range given to the API server. */
    public static void serviceCidr(KubernetesClient client, String cidr) {
        client.genericKubernetesResources(ClusterRanges.SERVICE_CIDRS).resource(new GenericKubernetesResourceBuilder()
                .withApiVersion("networking.k8s.io/v1").withKind("ServiceCIDR").withNewMetadata()
                .withName("kubernetes").endMetadata().addToAdditionalProperties("spec", Map.of("cidrs", List.of(cidr)))
                .build()).create();
    }

    public static void details(KubernetesClient client) {
        client.services().inNamespace(APP_NAMESPACE).resource(new ServiceBuilder().withNewMetadata()
                .withName("details").withNamespace(APP_NAMESPACE).endMetadata().withNewSpec()
                .addNewPort().withName("http").withPort(9080).endPort().addToSelector("app", "details").endSpec()
                .build()).create();
    }

    /** istiod's debug endpoints answered from fixtures (the mocks cannot exec pilot-discovery). */
    public static IstiodDebug istiod(String clusterzFixture) {
        return path -> {
            if (!path.equals("debug/clusterz")) {
                throw new IllegalStateException("the doctor reads only debug/clusterz, not " + path);
            }
            return Files.readString(Path.of("fixtures/istiod", clusterzFixture));
        };
    }
}
