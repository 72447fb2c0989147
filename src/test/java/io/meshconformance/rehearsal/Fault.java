package io.meshconformance.rehearsal;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.config.Mode;
import io.meshconformance.doctor.HealthyMesh;
import io.meshconformance.istio.IstioPlan;
import io.meshconformance.istio.RemoteSecret;
import io.meshconformance.cluster.MockClusters;

/**
 * The fault catalogue: one broken mesh each, made by changing the rehearsal world before the run, with what a user
 * must then see: the first stage that fails, the layer it names, the Allure category it lands in, words of its
 * message, and the evidence attached. The README's "When the suite fails" table is this list. A new fault is one
 * more entry: its mode, its change to the world, and what the user must see.
 */
enum Fault {

    LOOPBACK_SERVER("the remote secret's server is loopback", Mode.EXISTING,
            w -> w.remoteSecret("remote", "https://127.0.0.1:6443"),
            Stage.CLUSTERS, "attach/sync",
            "Preflight doctor found a problem (existing clusters not fit for the run)",
            List.of("127.0.0.1"), List.of("preflight doctor")),

    DATA_KEY_NOT_CLUSTER_NAME("the remote secret's data key is not the remote's cluster name", Mode.EXISTING,
            w -> w.remoteSecret("remote-cluster", "https://" + MockClusters.REMOTE_NODE + ":6443"),
            Stage.CLUSTERS, "attach/sync",
            "Preflight doctor found a problem (existing clusters not fit for the run)",
            List.of("remote-cluster"), List.of("preflight doctor")),

    POD_RANGES_OVERLAP("the two clusters' pod ranges overlap, as read back from the nodes", Mode.K3S,
            w -> w.k3s.nodeRange("remote", "10.10.1.0/24"),
            Stage.CLUSTERS, "cluster",
            "Cluster ranges not as planned (k3s ignored a range flag)",
            List.of("node remote-server has podCIDR 10.10.1.0/24", "colliding with cluster 'primary''s pod range"),
            List.of()),

    NO_DETAILS_SERVICE_IN_PRIMARY("the primary has no details Service (productpage cannot resolve the name)",
            Mode.K3S, w -> w.always(world -> world.primary().services().inAnyNamespace().list().getItems().stream()
                    .filter(s -> s.getMetadata().getName().equals("details")
                            && s.getMetadata().getNamespace().startsWith("bookinfo-"))
                    .forEach(s -> world.primary().resource(s).delete())),
            Stage.PAGE_VERDICT, "data plane", "Cross-cluster call fails (data plane)",
            List.of("the page shows the details error", "the primary has no Service details in bookinfo-"),
            List.of("primary: productpage proxy's endpoints for details")),

    NEVER_ATTACHED("the remote is never attached (no remote secret)", Mode.EXISTING,
            w -> w.primary().secrets().inNamespace(IstioPlan.NAMESPACE)
                    .withName(RemoteSecret.secretName("remote")).delete(),
            Stage.CLUSTERS, "attach/sync",
            "Preflight doctor found a problem (existing clusters not fit for the run)",
            List.of("remote-secret [remote]"), List.of("preflight doctor")),

    DETAILS_NOT_RUNNING_IN_REMOTE("details is not running in the remote (its image cannot be pulled there)",
            Mode.K3S, w -> w.remoteControllers.podsStuck(d -> "details-v1".equals(d.getMetadata().getName())
                    ? Optional.of("ImagePullBackOff") : Optional.empty()),
            Stage.DETAILS, "cluster", "Image cannot be had (registry, rate limit, air gap)",
            List.of("details-v1 0/1 ready", "ImagePullBackOff"), List.of("remote: pods not ready in")),

    ROOT_CERTIFICATES_DIFFER("the two clusters' root certificates differ", Mode.EXISTING,
            w -> w.remote().configMaps().inNamespace(IstioPlan.NAMESPACE).withName("istio-ca-root-cert")
                    .edit(cm -> new ConfigMapBuilder(cm).addToData("root-cert.pem", HealthyMesh.OTHER_ROOT_PEM)
                            .build()),
            Stage.CLUSTERS, "attach/sync",
            "Preflight doctor found a problem (existing clusters not fit for the run)",
            List.of("root-cert [mesh]: the root certificates differ"), List.of("preflight doctor")),

    K3S_IMAGE_UNAVAILABLE("the k3s image cannot be had", Mode.K3S,
            w -> w.k3s.imageRefused("Status 404: manifest for rancher/k3s:v1.35.4-k3s1 not found: manifest"
                    + " unknown"),
            Stage.CLUSTERS, "cluster",
            "Image cannot be had (registry, rate limit, air gap)",
            List.of("rancher/k3s"), List.of()),

    REMOTE_GATEWAY_WITHOUT_ADDRESS("the remote's east-west gateway never gets an address (its k3s runs without"
            + " servicelb)", Mode.K3S, Rehearsal.MULTI_NETWORK,
            w -> w.remoteControllers.serviceLbDisabled(),
            Stage.ATTACH, "cluster", "East-west gateway without an address",
            List.of("network 'network2'", "no address", "istio-system/istio-eastwestgateway", "servicelb"),
            List.of()),

    CROSS_NETWORK_GATEWAY_REMOVED("the primary's cross-network Gateway is removed as soon as it is applied (a"
            + " GitOps prune)", Mode.K3S, Rehearsal.MULTI_NETWORK,
            w -> w.always(world -> world.primary().genericKubernetesResources(PageStandIn.GATEWAYS)
                    .inNamespace(IstioPlan.NAMESPACE).withName("cross-network-gateway").delete()),
            Stage.PAGE_VERDICT, "data plane", "Cross-cluster call fails (data plane)",
            List.of("the page shows the details error", "cross-network-gateway"),
            List.of("primary: productpage proxy's endpoints for details")),

    REMOTE_ON_THE_WRONG_NETWORK("the remote's Istio was installed for the primary's network (injection path"
            + " /inject/cluster/remote/net/network1): its endpoints are tagged network1", Mode.EXISTING,
            Rehearsal.MULTI_NETWORK, w -> w.remoteInstalledFor("network1"),
            Stage.REGISTRY_VERDICT, "registry",
            "Remote endpoints on the wrong network (injection path or istio-system label)",
            List.of("(network 'network1')", "not tagged with cluster 'remote''s network 'network2'",
                    "istiodRemote.injectionPath=/inject/cluster/remote/net/network2"),
            List.of("istiod: endpointShardz for"));

    final String description;
    final Mode mode;
    /** The topology file of the run (mesh.topology). */
    final Path topology;
    final Consumer<Rehearsal> inject;
    /** The suite's test that must fail first, by the name the report shows: its stage ({@link Stage}). */
    final String failingTest;
    final String layer;
    final String category;
    /** Words the failed stage's message must hold. */
    final List<String> message;
    /** Beginnings of the names of attachments the failed test case must carry. */
    final List<String> attachments;

    Fault(String description, Mode mode, Consumer<Rehearsal> inject, String failingTest, String layer,
          String category, List<String> message, List<String> attachments) {
        this(description, mode, Path.of(MeshSettings.DEFAULT_TOPOLOGY), inject, failingTest, layer, category, message,
                attachments);
    }

    Fault(String description, Mode mode, Path topology, Consumer<Rehearsal> inject, String failingTest, String layer,
          String category, List<String> message, List<String> attachments) {
        this.description = description;
        this.mode = mode;
        this.topology = topology;
        this.inject = inject;
        this.failingTest = failingTest;
        this.layer = layer;
        this.category = category;
        this.message = message;
        this.attachments = attachments;
    }
}
