package io.meshconformance.bookinfo;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.Pod;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.config.LabelSelector;
import io.meshconformance.istio.EnvoyClustersParser;
import io.meshconformance.istio.EnvoyClustersParser.Host;
import io.meshconformance.istio.IstioPlan;
import io.meshconformance.istio.NetworkGateway;
import io.meshconformance.istio.ProxyAdmin;
import io.meshconformance.lifecycle.Layer;
import io.meshconformance.lifecycle.LayeredFailure;
import io.meshconformance.lifecycle.Marks;
import io.meshconformance.lifecycle.Waits;

/**
 * The data-plane half of verdict one for a remote on another network: productpage's sidecar in the primary holds
 * endpoints for details at the remote network's east-west gateway, on its gateway port (15443), not at the remote's
 * pod addresses, which the primary cannot route to. That is istiod's split horizon: each endpoint of another
 * network is replaced by that network's gateways (istio/istio 1.30.3 pilot/pkg/xds/endpoints/ep_filters.go,
 * EndpointsByNetworkFilter); the gateway then passes the sidecar's mTLS through to details (AUTO_PASSTHROUGH).
 */
public final class CrossNetworkVerdict {

    /** Bookinfo's details port (istio/istio samples/bookinfo/platform/kube/bookinfo.yaml). */
    static final int DETAILS_PORT = 9080;
    /** The pods whose sidecar is read: productpage v1 calls details. */
    public static final LabelSelector PRODUCTPAGE = LabelSelector.of("app", "productpage");
    static final Duration POLL = Duration.ofSeconds(3);
    public static final String PATH = "clusters?format=json";

    private CrossNetworkVerdict() {
    }

    /** Envoy's cluster for details in the run's namespace. */
    public static String detailsCluster(String namespace) {
        return EnvoyClustersParser.outbound(DETAILS_PORT, RegistryVerdict.detailsHost(namespace));
    }

    /**
     * Waits until productpage's sidecar in {@code primary} sends details to a gateway of {@code remote}'s network,
     * marking the first sighting. A timeout points at the data plane.
     *
     * @param gateways the remote network's gateways as the remote cluster shows them now (read on every poll)
     */
    public static void await(ProxyAdmin proxies, MeshCluster primary, String namespace, MeshCluster remote,
                             Supplier<List<NetworkGateway>> gateways, Duration timeout, Marks marks) {
        try {
            Waits.until("productpage's sidecar in '" + primary.name() + "' to send details to the east-west gateway"
                    + " of network '" + remote.network() + "' (Envoy cluster " + detailsCluster(namespace) + ")",
                    timeout, POLL, () -> {
                        uninjected(primary, namespace).ifPresent(why -> {
                            throw new Waits.Settled(new NotInjectedException(why));
                        });
                        Optional<String> problem;
                        try {
                            problem = problem(proxies.get(primary, namespace, PRODUCTPAGE, PATH, POLL.multipliedBy(5)),
                                    namespace, remote.network(), gateways.get());
                        } catch (Exception e) {
                            problem = Optional.of("productpage's sidecar could not be read: " + e.getMessage());
                        }
                        if (problem.isEmpty()) {
                            marks.mark("productpage's sidecar sends details to network '" + remote.network()
                                    + "''s gateway");
                        }
                        return problem;
                    });
        } catch (Waits.WaitTimeoutException e) {
            throw e.pointingAt(Layer.DATA_PLANE);
        }
    }

    /** productpage runs without a sidecar: no waiting changes that, the injector did not take its pods. */
    static final class NotInjectedException extends RuntimeException implements LayeredFailure {
        NotInjectedException(String message) {
            super(message);
        }

        @Override
        public Optional<Layer> brokenLayer() {
            return Optional.of(Layer.CONTROL_PLANE);
        }
    }

    /**
     * Why productpage has no sidecar to read, when its pods exist and none has an {@code istio-proxy} container; empty
     * while it has one, or has no pod yet.
     */
    static Optional<String> uninjected(MeshCluster primary, String namespace) {
        List<Pod> pods = primary.client().pods().inNamespace(namespace).withLabels(PRODUCTPAGE.labels()).list()
                .getItems();
        boolean injected = pods.stream().anyMatch(p -> p.getSpec() != null && p.getSpec().getContainers() != null
                && p.getSpec().getContainers().stream().anyMatch(c -> "istio-proxy".equals(c.getName())));
        return pods.isEmpty() || injected ? Optional.empty() : Optional.of("productpage in " + namespace + " of '"
                + primary.name() + "' runs without a sidecar (no istio-proxy container in " + pods.size() + " pod"
                + (pods.size() == 1 ? "" : "s") + "), so nothing sends its calls to another network's gateway: its"
                + " pods were not injected; see the doctor's injection-webhook row, and whether istiod's injector was"
                + " up when they were created");
    }

    /**
     * Empty when the sidecar's endpoints for details include a gateway of {@code network} on its gateway port;
     * otherwise what it holds instead, and the likely cause. Pure.
     *
     * @param clusters the sidecar's {@code clusters?format=json}
     */
    public static Optional<String> problem(String clusters, String namespace, String network,
                                           List<NetworkGateway> gateways) {
        List<NetworkGateway> addressed = gateways.stream().filter(NetworkGateway::reachable).toList();
        if (addressed.isEmpty()) {
            return Optional.of("network '" + network + "' has no east-west gateway with an address"
                    + (gateways.isEmpty() ? "" : " (found " + gateways + ")") + ": istiod then knows no way into it;"
                    + " install one there (gateway chart with networkGateway=" + network + ") on a LoadBalancer");
        }
        String cluster = detailsCluster(namespace);
        if (!EnvoyClustersParser.has(clusters, cluster)) {
            return Optional.of("productpage's sidecar has no cluster " + cluster + ": istiod has not sent it details"
                    + " yet (is the details Service in the primary's " + namespace + " too?)");
        }
        List<Host> hosts = EnvoyClustersParser.hosts(clusters, cluster);
        if (hosts.stream().anyMatch(h -> atGateway(h, addressed))) {
            return Optional.empty();
        }
        String gatewaysText = addressed.stream().map(NetworkGateway::endpoint).toList().toString();
        if (hosts.isEmpty()) {
            return Optional.of("productpage's sidecar has no endpoints for " + cluster + ", none at the gateway "
                    + gatewaysText + ": istiod sends an endpoint of another network only through that network's"
                    + " gateway, and only for a sidecar-injected endpoint; is the remote's details-v1 injected and"
                    + " the remote's gateway Service labelled with its network?");
        }
        return Optional.of("productpage's sidecar sends details to " + hosts + ", not to network '" + network
                + "''s gateway " + gatewaysText + ": pod addresses of another network cannot be reached from the"
                + " primary; istiod applies split horizon only when it knows the networks' gateways and the"
                + " endpoints' networks (label istiod's namespace " + IstioPlan.NETWORK_LABEL + " in each cluster)");
    }

    /** The endpoints the verdict judged, for the report. */
    public static String evidence(String clusters, String namespace, List<NetworkGateway> gateways) {
        String cluster = detailsCluster(namespace);
        return cluster + "\n" + EnvoyClustersParser.hosts(clusters, cluster).stream().map(h -> "  " + h + "\n")
                .reduce("", String::concat) + "gateways: " + gateways + "\n";
    }

    /**
     * A host at one of the gateways: at its address and port; or on its port, for a hostname istiod resolved or for a
     * gateway reached through nodes (the node port), whose addresses only istiod knows.
     */
    private static boolean atGateway(Host host, List<NetworkGateway> gateways) {
        return gateways.stream().anyMatch(g -> host.port() == g.port() && g.address()
                .map(a -> host.address().equals(a) || !isIp(a)).orElse(true));
    }

    private static boolean isIp(String address) {
        return address.matches("[0-9.]+") || address.contains(":");
    }
}
