package io.meshconformance.istio;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.cluster.Manifests;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.Namespaces;
import io.meshconformance.lifecycle.CleanupStack;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.lifecycle.Waits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the Istio control plane in the primary and the remote profile in each remote (DESIGN.md stages 3 and 4),
 * the way istio.io's primary-remote page does with Helm: primary releases, istiod exposed through the east-west
 * gateway, then the remote's {@code istio-system} annotated with its control-plane cluster and the remote releases
 * pointed at the gateway's address.
 */
public final class IstioInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(IstioInstaller.class);
    public static final Path EXPOSE_ISTIOD = Path.of("istio/expose-istiod.yaml");
    /** The cross-network Gateway: every service of the mesh on 15443 of the east-west gateways, mTLS passed through. */
    public static final Path EXPOSE_SERVICES = Path.of("istio/expose-services.yaml");
    static final Duration POLL = Duration.ofSeconds(2);

    private final ChartInstaller charts;
    private final Duration timeout;
    private final RunId run;
    private final Map<String, String> labels;

    /**
     * @param run its labels go on every object the harness itself creates, so diagnostics and cleanup find them
     */
    public IstioInstaller(ChartInstaller charts, Duration timeout, RunId run) {
        this.charts = charts;
        this.timeout = timeout;
        this.run = run;
        this.labels = run.labels();
    }

    /** The primary's releases, istiod exposed, and the address the remotes reach istiod on (the east-west gateway's). */
    public ControlPlane installPrimary(MeshCluster primary, CleanupStack cleanup) {
        claimNamespace(primary, cleanup);
        List<ChartInstaller.Installed> installed = new ArrayList<>();
        for (HelmRelease release : IstioPlan.primary(primary.spec())) {
            installed.add(install(release, primary, cleanup));
        }
        List<HasMetadata> expose = Manifests.parse(primary.client(), Manifests.read(EXPOSE_ISTIOD));
        Manifests.apply(primary.client(), primary.name(), expose, null, labels, cleanup);
        String address = eastWestAddress(primary);
        LOG.info("Cluster '{}': istiod exposed on the east-west gateway at {} (15012, 15017)", primary.name(),
                address);
        return new ControlPlane(primary.name(), Optional.of(address), installed);
    }

    /** The remote profile in {@code remote}, led by {@code controlPlane}'s istiod. */
    public RemoteProfile installRemote(MeshCluster remote, ControlPlane controlPlane, CleanupStack cleanup) {
        // Planned first: an address the remote profile cannot use (a hostname) is refused before anything is made.
        List<HelmRelease> releases = IstioPlan.remote(remote.spec(), controlPlane.remotePilotAddress());
        claimNamespace(remote, cleanup);
        prepareNamespace(remote, controlPlane.cluster(), cleanup);
        List<ChartInstaller.Installed> installed = new ArrayList<>();
        for (HelmRelease release : releases) {
            installed.add(charts.install(release, remote, timeout, cleanup));
        }
        return new RemoteProfile(remote.name(), installed);
    }

    /** An east-west gateway the run installed for a network, and its release. */
    public record GatewayInstalled(NetworkGateway gateway, ChartInstaller.Installed release) {
    }

    /**
     * The east-west gateway of {@code cluster}'s network, for a cluster on a network without the primary, with the
     * address other networks reach it on (istio.io "Install Primary-Remote on different networks", after the remote
     * is attached). Its pods are injected and configured by the primary's istiod.
     */
    public GatewayInstalled installNetworkGateway(MeshCluster cluster, CleanupStack cleanup) {
        ChartInstaller.Installed release = install(IstioPlan.networkGateway(cluster.spec()), cluster, cleanup);
        NetworkGateway[] seen = {null};
        Waits.until("cluster '" + cluster.name() + "': the east-west gateway of network '" + cluster.network()
                + "' (Service labelled " + IstioPlan.NETWORK_LABEL + "=" + cluster.network() + " with port "
                + NetworkGateways.DEFAULT_PORT + ") has an address", timeout, POLL, () -> {
                    List<NetworkGateway> gateways = NetworkGateways.of(cluster, cluster.network());
                    Optional<NetworkGateway> ready = gateways.stream().filter(g -> g.address().isPresent()).findFirst();
                    ready.ifPresent(g -> seen[0] = g);
                    return ready.isPresent() ? Optional.empty() : Optional.of(gateways.isEmpty()
                            ? "no such Service yet"
                            : gateways + ": no address yet; the gateway needs a LoadBalancer implementation (servicelb"
                            + " in k3s; a cloud load balancer elsewhere)");
                });
        LOG.info("Cluster '{}': east-west gateway of network '{}' at {}", cluster.name(), cluster.network(),
                seen[0].endpoint());
        return new GatewayInstalled(seen[0], release);
    }

    /**
     * Installs a release; when Helm's wait runs out on the east-west gateway's LoadBalancer Service that has no address
     * (Helm 3's --wait waits for one: helm/helm pkg/kube/ready.go), says that instead of leaving Helm's "context
     * deadline exceeded", whose usual cause, pods without their images, is not this one.
     */
    private ChartInstaller.Installed install(HelmRelease release, MeshCluster cluster, CleanupStack cleanup) {
        try {
            return charts.install(release, cluster, timeout, cleanup);
        } catch (IstioInstallException e) {
            if (!release.name().equals(IstioPlan.EASTWEST_GATEWAY) || !String.valueOf(e.getMessage())
                    .contains("context deadline exceeded")) {
                throw e;
            }
            Service service = cluster.client().services().inNamespace(release.namespace())
                    .withName(IstioPlan.EASTWEST_GATEWAY).get();
            boolean external = service != null && service.getSpec() != null
                    && service.getSpec().getExternalIPs() != null && !service.getSpec().getExternalIPs().isEmpty();
            if (service == null || external || loadBalancerAddress(cluster.client()).isPresent()) {
                throw e;
            }
            throw new GatewayAddressException("Cluster '" + cluster.name() + "': the east-west gateway of network '"
                    + cluster.network() + "' has no address: helm install " + release.name() + " waited until Service "
                    + release.namespace() + "/" + IstioPlan.EASTWEST_GATEWAY + " has a LoadBalancer address, for "
                    + timeout.toSeconds() + " s (mesh.timeout.istio), and nothing gave it one. A LoadBalancer"
                    + " implementation must: servicelb in k3s (not disabled with --disable=servicelb, and the node's"
                    + " ports 15021, 15443, 15012, 15017 free), MetalLB or a cloud load balancer elsewhere; see"
                    + " kubectl -n " + release.namespace() + " get svc " + IstioPlan.EASTWEST_GATEWAY + " (EXTERNAL-IP"
                    + " <pending>). Helm said: " + e.getMessage(), e);
        }
    }

    /**
     * Exposes every service of the mesh on the east-west gateways (15443, TLS passed through to the destination's
     * sidecar), applied in the primary only: the remotes take their configuration from the primary's istiod, so the
     * gateways of every cluster get it (istio.io "Install Primary-Remote on different networks").
     */
    public void exposeServices(MeshCluster primary, CleanupStack cleanup) {
        List<HasMetadata> expose = Manifests.parse(primary.client(), Manifests.read(EXPOSE_SERVICES));
        Manifests.apply(primary.client(), primary.name(), expose, null, labels, cleanup);
        LOG.info("Cluster '{}': services exposed to the other networks on the east-west gateways ({})",
                primary.name(), NetworkGateways.DEFAULT_PORT);
    }

    /**
     * Creates {@code istio-system}, labelled with the run and the cluster's network, so that removing it is part of
     * the undo; an
     * {@code istio-system} the run did not create means Istio (or its remains) is there already, which the harness
     * does not install over: in existing clusters, verify that Istio instead (mesh.existing.install=false).
     */
    void claimNamespace(MeshCluster cluster, CleanupStack cleanup) {
        // The network label first, as istio.io's multi-network pages do: istiod reads a cluster's network from it.
        Namespaces.claim(cluster, IstioPlan.NAMESPACE, run, Map.of(IstioPlan.NETWORK_LABEL, cluster.network()),
                cleanup, "The harness installs Istio only where there is none: set mesh.existing.install=false to"
                + " verify the Istio this cluster has, or remove it first");
    }

    /**
     * Annotates {@code istio-system} in the remote with the control-plane annotation before anything is installed:
     * without it the primary's istiod does not lead the remote (no CA root ConfigMaps, no webhook CA patching).
     * An existing namespace is annotated only if the annotation is absent or already names this primary.
     */
    void prepareNamespace(MeshCluster remote, String primaryName, CleanupStack cleanup) {
        KubernetesClient client = remote.client();
        Namespace existing = client.namespaces().withName(IstioPlan.NAMESPACE).get();
        if (existing == null) {
            throw new IllegalStateException("namespace " + IstioPlan.NAMESPACE + " must be claimed first");
        }
        Map<String, String> annotations = existing.getMetadata().getAnnotations();
        String current = annotations == null ? null : annotations.get(IstioPlan.CONTROL_PLANE_CLUSTERS);
        if (current != null && !current.equals(primaryName)) {
            throw new IstioInstallException("Cluster '" + remote.name() + "': namespace " + IstioPlan.NAMESPACE
                    + " says its control plane is '" + current + "' (" + IstioPlan.CONTROL_PLANE_CLUSTERS + "), not '"
                    + primaryName + "'; the harness does not change what it did not create: fix the annotation or"
                    + " the topology's primary name");
        }
        if (current == null) {
            cleanup.push("remove annotation " + IstioPlan.CONTROL_PLANE_CLUSTERS + " from namespace "
                    + IstioPlan.NAMESPACE + " in cluster '" + remote.name() + "'",
                    () -> client.namespaces().withName(IstioPlan.NAMESPACE).edit(ns -> new NamespaceBuilder(ns)
                            .editMetadata().removeFromAnnotations(IstioPlan.CONTROL_PLANE_CLUSTERS).endMetadata()
                            .build()));
            client.namespaces().withName(IstioPlan.NAMESPACE).edit(ns -> new NamespaceBuilder(ns).editMetadata()
                    .addToAnnotations(IstioPlan.CONTROL_PLANE_CLUSTERS, primaryName).endMetadata().build());
        }
    }

    /** The east-west gateway's LoadBalancer address (servicelb gives the node's address in k3s). */
    String eastWestAddress(MeshCluster primary) {
        String[] seen = {null};
        Waits.until("cluster '" + primary.name() + "': Service " + IstioPlan.NAMESPACE + "/" + IstioPlan.EASTWEST_GATEWAY
                + " has a LoadBalancer address", timeout, POLL, () -> {
                    Optional<String> address = loadBalancerAddress(primary.client());
                    address.ifPresent(a -> seen[0] = a);
                    return address.isPresent() ? Optional.empty()
                            : Optional.of("no address yet: the east-west gateway needs a LoadBalancer implementation"
                            + " (servicelb in k3s; a cloud load balancer elsewhere)");
                });
        return seen[0];
    }

    static Optional<String> loadBalancerAddress(KubernetesClient client) {
        Service service = client.services().inNamespace(IstioPlan.NAMESPACE).withName(IstioPlan.EASTWEST_GATEWAY).get();
        if (service == null || service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                || service.getStatus().getLoadBalancer().getIngress() == null) {
            return Optional.empty();
        }
        return service.getStatus().getLoadBalancer().getIngress().stream()
                .map(i -> i.getIp() != null ? i.getIp() : i.getHostname())
                .filter(a -> a != null && !a.isBlank())
                .findFirst();
    }
}
