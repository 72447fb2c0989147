package io.meshconformance.doctor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.istio.IstioPlan;
import io.meshconformance.istio.IstiodRevision;
import io.meshconformance.istio.NetworkGatewayService;
import io.meshconformance.istio.NetworkGateways;
import io.meshconformance.istio.PassthroughServer;

/**
 * Checks that each network of a multi-network topology has an east-west gateway istiod can send other networks'
 * traffic to, and that the primary holds the cross-network Gateway that opens it (istio.io: Install Primary-Remote on
 * different networks). One row per network, scope {@code network 'network2'}: a gateway belongs to a network, not to
 * a cluster (any cluster on the network may hold it, and one is enough), so a row per network says what istiod
 * needs the way istiod counts it; with a single network the one row says that none is needed.
 * <p>The gateway: a Service, in any namespace of a cluster on the network, that istiod takes as the network's gateway
 * ({@link NetworkGatewayService}) and that has an address. The cross-network Gateway, in rows of networks other than
 * the primary's: a {@code networking.istio.io} Gateway in the primary (istiod reads Istio configuration from the
 * primary only, for the remotes too) with a server on the gateway port in TLS mode {@code AUTO_PASSTHROUGH}. Without
 * them the remote network's endpoints get no usable address in the sidecars' EDS and calls across networks fail,
 * which is why a failure here points at the data plane.
 */
final class NetworkGatewayCheck implements DoctorCheck {

    /**
     * What the check read about one network: the input of {@link #verdict}.
     *
     * @param clusters    the clusters the topology puts on the network
     * @param networks    every network of the topology
     * @param services    the Services labelled {@code topology.istio.io/network} in those clusters, any value
     * @param passthrough the servers of the primary's Gateways; empty when not checked for this network
     * @param gatewayKind false when the primary serves no Gateway kind (Istio's CRDs absent)
     */
    record Seen(String network, List<String> clusters, String primary, Set<String> networks,
                List<NetworkGatewayService> services, Optional<List<PassthroughServer>> passthrough,
                boolean gatewayKind, IstiodRevision controlPlane) {

        Seen {
            clusters = List.copyOf(clusters);
            networks = Set.copyOf(networks);
            services = List.copyOf(services);
        }

        /** With the control plane of istio.io's pages: istio-system, no revision. */
        Seen(String network, List<String> clusters, String primary, Set<String> networks,
             List<NetworkGatewayService> services, Optional<List<PassthroughServer>> passthrough, boolean gatewayKind) {
            this(network, clusters, primary, networks, services, passthrough, gatewayKind,
                    IstiodRevision.installedByRun());
        }
    }

    private final DoctorContext context;
    private final String network;
    private final IstioPrimaryCheck istioPrimary;

    /** @param istioPrimary the primary's check, run before this one: the control plane a fix names */
    NetworkGatewayCheck(DoctorContext context, String network, IstioPrimaryCheck istioPrimary) {
        this.context = context;
        this.network = network;
        this.istioPrimary = istioPrimary;
    }

    /** The networks of the clusters, in topology order (the primary's first): one row each. */
    static List<String> networks(DoctorContext context) {
        return context.all().stream().map(MeshCluster::network).distinct().toList();
    }

    static String scope(String network) {
        return "network '" + network + "'";
    }

    @Override
    public Check check() {
        return Check.NETWORK_GATEWAY;
    }

    @Override
    public String scope() {
        return scope(network);
    }

    @Override
    public CheckResult run() {
        List<String> networks = networks(context);
        if (networks.size() == 1) {
            return pass("every cluster is on network '" + network + "': no network gateway is needed (istiod"
                    + " rewrites endpoints to a gateway only for a proxy on another network)");
        }
        MeshCluster primary = context.primary();
        boolean primaryNetwork = primary.network().equals(network);
        List<MeshCluster> onNetwork = context.all().stream().filter(c -> c.network().equals(network)).toList();
        if (context.expect().istioByRun()) {
            // As IstioPlan plans it: the primary's network's gateway in the primary, every other network's in
            // each cluster on it.
            List<String> holders = onNetwork.stream().filter(c -> c.spec().isPrimary()
                    || IstioPlan.ownsNetworkGateway(c.spec(), primary.spec())).map(MeshCluster::name).toList();
            return skip("this run installs the east-west gateway for network '" + network + "' in "
                    + quoted(holders) + (primaryNetwork ? "" : ", and the cross-network Gateway in '"
                    + primary.name() + "'"));
        }
        List<MeshCluster> needed = new ArrayList<>(onNetwork);
        if (!primaryNetwork) {
            needed.add(primary);
        }
        Optional<MeshCluster> silent = needed.stream().filter(c -> !context.answered(c)).findFirst();
        if (silent.isPresent()) {
            return skip("not checked: the API server of '" + silent.get().name() + "' did not answer (see check"
                    + " 'api')");
        }
        List<NetworkGatewayService> services = new ArrayList<>();
        onNetwork.forEach(cluster -> services.addAll(NetworkGateways.services(cluster)));
        Optional<List<PassthroughServer>> passthrough = Optional.empty();
        boolean gatewayKind = true;
        if (!primaryNetwork) {
            Optional<List<PassthroughServer>> servers = NetworkGateways.passthroughServers(primary);
            gatewayKind = servers.isPresent();
            passthrough = Optional.of(servers.orElse(List.of()));
        }
        IstiodRevision controlPlane = istioPrimary.controlPlane().orElseGet(() -> new IstiodRevision(
                context.istioNamespace(), Optional.empty(), Optional.empty(), IstiodRevision.Found.ONLY_ONE));
        return verdict(new Seen(network, onNetwork.stream().map(MeshCluster::name).toList(), primary.name(),
                Set.copyOf(networks), services, passthrough, gatewayKind, controlPlane));
    }

    /** The row for one network, from what was read. Pure. */
    static CheckResult verdict(Seen seen) {
        String net = seen.network();
        List<NetworkGatewayService> mine = seen.services().stream().filter(s -> s.network().equals(net)).toList();
        List<NetworkGatewayService> usable = mine.stream().filter(s -> s.gateway() && s.hasAddress()).toList();
        List<NetworkGatewayService> unaddressed = mine.stream().filter(s -> s.gateway() && !s.hasAddress())
                .toList();
        List<NetworkGatewayService> foreign = seen.services().stream()
                .filter(s -> !seen.networks().contains(s.network())).toList();

        List<String> evidence = new ArrayList<>();
        Set<String> fixes = new LinkedHashSet<>();
        boolean failed = false;
        int port = NetworkGatewayService.DEFAULT_GATEWAY_PORT;
        if (!usable.isEmpty()) {
            NetworkGatewayService first = usable.get(0);
            port = first.port();
            evidence.add("gateway " + first.where() + " at " + first.address()
                    + (usable.size() > 1 ? " (and " + (usable.size() - 1) + " more)" : ""));
        } else if (!unaddressed.isEmpty()) {
            failed = true;
            NetworkGatewayService first = unaddressed.get(0);
            port = first.port();
            evidence.add(first.where() + " is the gateway of network '" + net + "' on port " + first.port()
                    + " but has no address yet (type " + first.type() + ", "
                    + (first.type().equals("LoadBalancer") ? "no status.loadBalancer.ingress, " : "")
                    + "no spec.externalIPs)");
            fixes.add("istiod sends other networks' traffic to the gateway's address: give Service " + first.where()
                    + " one (a LoadBalancer implementation such as a cloud load balancer, MetalLB or k3s's"
                    + " ServiceLB fills status.loadBalancer.ingress; or set spec.externalIPs), then wait until"
                    + " kubectl get svc -n " + first.namespace() + " " + first.name() + " shows an EXTERNAL-IP");
        } else {
            failed = true;
            evidence.add("no Service labelled " + NetworkLabelCheck.NETWORK_LABEL + "=" + net + " with port "
                    + NetworkGatewayService.DEFAULT_GATEWAY_PORT + " (or the port its "
                    + NetworkGatewayService.GATEWAY_PORT_LABEL + " label names) in any namespace of "
                    + quoted(seen.clusters()) + notCounted(seen));
            String cluster = seen.clusters().get(0);
            fixes.add("install the east-west gateway for network '" + net + "' in a cluster on it (istio.io: Install"
                    + " Primary-Remote on different networks): helm install istio-eastwestgateway istio/gateway"
                    + " --kube-context <" + cluster + "> -n " + seen.controlPlane().namespace()
                    + " --set name=istio-eastwestgateway --set networkGateway=" + net
                    + seen.controlPlane().revision().map(r -> " --set revision=" + r).orElse("") + ", then, once,"
                    + " kubectl --context <" + seen.primary() + "> apply -n " + seen.controlPlane().namespace()
                    + " -f samples/multicluster/expose-services.yaml");
        }
        if (seen.passthrough().isPresent()) {
            int gatewayPort = port;
            List<PassthroughServer> servers = seen.passthrough().get();
            Optional<PassthroughServer> open = servers.stream().filter(s -> s.opens(gatewayPort)).findFirst();
            if (open.isPresent()) {
                evidence.add("cross-network Gateway " + open.get() + " in '" + seen.primary() + "'");
            } else {
                failed = true;
                List<PassthroughServer> passthroughs = servers.stream()
                        .filter(s -> PassthroughServer.AUTO_PASSTHROUGH.equals(s.tlsMode())).toList();
                evidence.add(!seen.gatewayKind() ? "'" + seen.primary() + "' serves no Gateway kind"
                        + " (networking.istio.io/v1): Istio's CRDs are not installed there"
                        : "no Gateway in '" + seen.primary() + "' opens port " + gatewayPort + " with tls mode "
                        + PassthroughServer.AUTO_PASSTHROUGH + (passthroughs.isEmpty() ? ""
                        : " (seen: " + passthroughs.stream().map(PassthroughServer::toString)
                        .collect(Collectors.joining("; ")) + ")"));
                fixes.add("open the east-west gateways to other networks with the cross-network Gateway (istio/istio"
                        + " 1.30.3 samples/multicluster/expose-services.yaml): kubectl --context <" + seen.primary()
                        + "> apply -n " + seen.controlPlane().namespace()
                        + " -f samples/multicluster/expose-services.yaml");
            }
        }
        if (!foreign.isEmpty()) {
            NetworkGatewayService first = foreign.get(0);
            String stray = first.where() + " is labelled " + NetworkLabelCheck.NETWORK_LABEL + "=" + first.network()
                    + ", a network no cluster of the topology is on";
            evidence.add(stray);
            if (!failed) {
                return CheckResult.warn(Check.NETWORK_GATEWAY, scope(net), String.join("; ", evidence),
                        "istiod takes " + first.where() + " as the gateway of network '" + first.network()
                                + "': correct its label (the network of the cluster that holds it) or the topology");
            }
        }
        return failed
                ? CheckResult.fail(Check.NETWORK_GATEWAY, scope(net), String.join("; ", evidence),
                String.join("; ", fixes))
                : CheckResult.pass(Check.NETWORK_GATEWAY, scope(net), String.join("; ", evidence));
    }

    /** The labelled Services that are no gateway of the network, each with the reason. */
    private static String notCounted(Seen seen) {
        List<String> reasons = new ArrayList<>();
        for (NetworkGatewayService s : seen.services()) {
            if (!s.network().equals(seen.network())) {
                if (seen.networks().contains(s.network())) {
                    reasons.add(s.where() + " is labelled for network '" + s.network() + "'");
                }
            } else if (s.hboneOnly()) {
                reasons.add(s.where() + " listens on " + NetworkGatewayService.HBONE_PORT + " only (an ambient"
                        + " HBONE gateway), not on " + s.port());
            } else {
                reasons.add(s.where() + " has no port " + s.port()
                        + (s.portNote().isEmpty() ? "" : " (" + s.portNote() + ")"));
            }
        }
        return reasons.isEmpty() ? "" : " (not counted: " + String.join("; ", reasons) + ")";
    }

    private static String quoted(List<String> names) {
        return names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
    }
}
