package io.meshconformance.bookinfo;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.meshconformance.istio.IstioPlan;
import io.meshconformance.istio.IstiodDebug;
import io.meshconformance.istio.IstiodDebugParser;
import io.meshconformance.istio.IstiodDebugParser.ConnectedProxy;
import io.meshconformance.istio.IstiodDebugParser.ShardEndpoint;
import io.meshconformance.lifecycle.Marks;
import io.meshconformance.lifecycle.Waits;
import io.meshconformance.topology.Cidr;
import io.meshconformance.topology.ClusterSpec;

/**
 * Verdict one: istiod in the primary knows {@code details} with endpoints from the remote. Precisely: registryz
 * holds the details host of the run's namespace; endpointShardz has a {@code Kubernetes/<remote>} shard for it
 * whose endpoint addresses lie in the remote's pod CIDR and, for a remote on another network than the primary, are
 * tagged with the remote's network (pod ranges may then repeat across networks, so the range alone proves little;
 * the tag is what makes istiod send the primary's sidecars to the remote's gateway instead, istio/istio 1.30.3
 * pilot/pkg/xds/endpoints/ep_filters.go); syncz shows a details proxy connected from the remote.
 */
public final class RegistryVerdict {

    static final Duration POLL = Duration.ofSeconds(3);

    private RegistryVerdict() {
    }

    public static String detailsHost(String namespace) {
        return "details." + namespace + ".svc.cluster.local";
    }

    /** The verdict for a remote on the primary's network, unmarked. */
    static void await(IstiodDebug istiod, String namespace, ClusterSpec remote, Duration timeout) {
        await(istiod, namespace, remote, timeout, Marks.NONE);
    }

    /** The verdict for a remote on the primary's network, marked. */
    static void await(IstiodDebug istiod, String namespace, ClusterSpec remote, Duration timeout, Marks marks) {
        await(istiod, namespace, remote, remote, timeout, marks);
    }

    /**
     * Waits until the verdict holds, marking when details is first seen in registryz, the remote's endpoints in
     * endpointShardz, and the remote's details proxy in syncz; when {@code remote} is on another network than
     * {@code primary}, its endpoints must also carry its network.
     */
    public static void await(IstiodDebug istiod, String namespace, ClusterSpec remote, ClusterSpec primary,
                             Duration timeout, Marks marks) {
        boolean acrossNetworks = !remote.network().equals(primary.network());
        Waits.until("istiod's registry to hold " + detailsHost(namespace) + " with endpoints from cluster '"
                + remote.name() + "'" + (acrossNetworks ? " on network '" + remote.network() + "'" : "")
                + " (registryz, endpointShardz, syncz)", timeout, POLL,
                () -> problem(istiod, namespace, remote, acrossNetworks, marks));
    }

    /** Empty when the verdict holds; otherwise what is missing, with the likely cause. */
    public static Optional<String> problem(IstiodDebug istiod, String namespace, ClusterSpec remote) {
        return problem(istiod, namespace, remote, false, Marks.NONE);
    }

    /** As {@link #problem(IstiodDebug, String, ClusterSpec)}, for a remote on another network than the primary. */
    static Optional<String> problemAcrossNetworks(IstiodDebug istiod, String namespace, ClusterSpec remote) {
        return problem(istiod, namespace, remote, true, Marks.NONE);
    }

    static Optional<String> problem(IstiodDebug istiod, String namespace, ClusterSpec remote, boolean acrossNetworks,
                                    Marks marks) {
        String host = detailsHost(namespace);
        String shard = "Kubernetes/" + remote.name();
        try {
            boolean known = IstiodDebugParser.registryz(istiod.get("debug/registryz")).stream()
                    .anyMatch(s -> s.hostname().equals(host));
            if (!known) {
                return Optional.of("registryz does not know " + host + ": is the details Service created (in the"
                        + " remote, and in the primary for DNS) and the namespace " + namespace + " present?");
            }
            marks.mark("details in registryz");
            String shards = istiod.get("debug/endpointShardz");
            List<ShardEndpoint> endpoints = IstiodDebugParser.endpointShardz(shards, host);
            List<ShardEndpoint> remoteEndpoints = endpoints.stream().filter(e -> e.shard().equals(shard)).toList();
            if (remoteEndpoints.isEmpty()) {
                List<String> names = IstiodDebugParser.shardNames(shards, host);
                return Optional.of("registryz knows details, but endpointShardz has "
                        + (names.isEmpty() ? "no shard" : "only " + describe(names, endpoints))
                        + " and nothing from " + shard + ": is the remote attached (clusterz synced) and details-v1"
                        + " running and ready there?");
            }
            marks.mark("an endpoint from " + shard + " in endpointShardz");
            List<String> outside = remoteEndpoints.stream().flatMap(e -> e.addresses().stream())
                    .filter(a -> Cidr.Ipv4.parse(a).map(ip -> !remote.podCidr().contains(ip)).orElse(true)).toList();
            if (!outside.isEmpty()) {
                return Optional.of("endpoints of " + shard + " at " + outside + " lie outside cluster '" + remote.name()
                        + "' pod CIDR " + remote.podCidr() + ": they are not the remote's pods");
            }
            List<String> untagged = remoteEndpoints.stream().filter(e -> !e.network().equals(remote.network()))
                    .map(e -> e.addresses() + " (network '" + e.network() + "')").toList();
            if (acrossNetworks && !untagged.isEmpty()) {
                return Optional.of("endpoints of " + shard + " " + untagged + " are not tagged with cluster '"
                        + remote.name() + "''s network '" + remote.network() + "', so istiod would send the primary's"
                        + " sidecars to pod addresses they cannot route to instead of to that network's gateway. istiod"
                        + " takes an endpoint's network from its pod's " + IstioPlan.NETWORK_LABEL + " label, which the"
                        + " injector sets from the remote's injection path, before the label on istiod's namespace: install"
                        + " the remote's istiod with global.network=" + remote.network()
                        + " and istiodRemote.injectionPath=" + IstioPlan.injectionPath(remote)
                        + " (then restart its pods), and label its namespace of istiod's name "
                        + IstioPlan.NETWORK_LABEL + "=" + remote.network());
            }
            List<ConnectedProxy> proxies = IstiodDebugParser.syncz(istiod.get("debug/syncz"));
            boolean connected = proxies.stream().anyMatch(p -> p.podName().startsWith("details-v1-")
                    && p.namespace().equals(namespace) && p.clusterId().equals(remote.name()));
            if (!connected) {
                return Optional.of("endpoints from " + shard + " are known, but no details-v1 proxy of " + namespace
                        + " from cluster '" + remote.name() + "' is connected to istiod (syncz lists "
                        + proxies.stream().map(p -> p.proxy() + "@" + p.clusterId()).toList()
                        + "): the remote's sidecar cannot reach istiod through the east-west gateway");
            }
            marks.mark("the details proxy of cluster '" + remote.name() + "' in syncz");
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of("istiod's debug endpoints could not be read: " + e.getMessage());
        }
    }

    /** What the verdict is based on, for the report: the remote shard's endpoints. */
    public static String evidence(IstiodDebug istiod, String namespace) {
        String host = detailsHost(namespace);
        try {
            return IstiodDebugParser.endpointShardz(istiod.get("debug/endpointShardz"), host).stream()
                    .map(e -> e.shard() + " " + e.addresses() + " network " + e.network() + " port " + e.port())
                    .collect(Collectors.joining("\n", host + "\n", "\n"));
        } catch (Exception e) {
            return "could not read endpointShardz: " + e.getMessage();
        }
    }

    private static String describe(List<String> shards, List<ShardEndpoint> endpoints) {
        return shards.stream().map(s -> "shard " + s + " with " + endpoints.stream().filter(e -> e.shard().equals(s))
                .count() + " endpoints").collect(Collectors.joining(", "));
    }
}
