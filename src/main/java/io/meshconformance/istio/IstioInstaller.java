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
            installed.add(charts.install(release, primary, timeout, cleanup));
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

    /**
     * Creates {@code istio-system}, labelled with the run, so that removing it is part of the undo; an
     * {@code istio-system} the run did not create means Istio (or its remains) is there already, which the harness
     * does not install over: in existing clusters, verify that Istio instead (mesh.existing.install=false).
     */
    void claimNamespace(MeshCluster cluster, CleanupStack cleanup) {
        Namespaces.claim(cluster, IstioPlan.NAMESPACE, run, Map.of(), cleanup, "The harness installs Istio only where"
                + " there is none: set mesh.existing.install=false to verify the Istio this cluster has, or remove it"
                + " first");
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
