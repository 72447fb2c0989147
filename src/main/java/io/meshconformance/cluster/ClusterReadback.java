package io.meshconformance.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.lifecycle.Layer;
import io.meshconformance.lifecycle.LayeredFailure;
import io.meshconformance.lifecycle.Waits;
import io.meshconformance.topology.Cidr;
import io.meshconformance.topology.ClusterSpec;
import io.meshconformance.topology.MeshTopology;
import io.meshconformance.topology.RangeOverlaps;

/**
 * Reads a started cluster back through its API and checks it against the topology: every node Ready, each node's
 * podCIDR inside the cluster's pod CIDR, the {@code kubernetes} Service's IP inside the service CIDR and the DNS
 * Service on the planned address. So "disjoint CIDRs" is what the clusters report, not only what was asked for.
 */
public final class ClusterReadback {

    static final Duration POLL = Duration.ofSeconds(2);

    private ClusterReadback() {
    }

    /**
     * Waits for the node and Services of {@code cluster}; a range the cluster has assigned otherwise than planned
     * ends the wait at once (it will not change), naming any other cluster of {@code topology} it collides with.
     */
    public static void verify(MeshCluster cluster, MeshTopology topology, Duration timeout) {
        Waits.until("cluster '" + cluster.name() + "': node Ready with a podCIDR inside " + cluster.spec().podCidr()
                + ", Services inside " + cluster.spec().serviceCidr(), timeout, POLL, () -> {
                    List<String> mismatches = mismatches(cluster.client(), cluster.spec(), topology);
                    if (!mismatches.isEmpty()) {
                        throw new Waits.Settled(new NotAsPlannedException("Cluster '" + cluster.name() + "' is not as"
                                + " planned: " + String.join("; ", mismatches) + ". The harness needs the ranges of"
                                + " the topology: check that the k3s image honours --cluster-cidr, --service-cidr and"
                                + " --cluster-dns (mesh.k3s.image)"));
                    }
                    return problem(cluster.client(), cluster.spec());
                });
    }

    /** A cluster whose node or Services hold other ranges than the topology's: the clusters' layer. */
    public static final class NotAsPlannedException extends IllegalStateException implements LayeredFailure {
        NotAsPlannedException(String message) {
            super(message);
        }

        @Override
        public Optional<Layer> brokenLayer() {
            return Optional.of(Layer.CLUSTER);
        }
    }

    /**
     * What the cluster has assigned otherwise than planned (a node's podCIDR, the API or DNS Service address), each
     * with the other clusters' ranges it collides with: it will not change by waiting.
     */
    static List<String> mismatches(KubernetesClient client, ClusterSpec spec, MeshTopology topology) {
        List<String> found = new ArrayList<>();
        for (Node node : client.nodes().list().getItems()) {
            String podCidr = node.getSpec() == null ? null : node.getSpec().getPodCIDR();
            if (podCidr != null && !spec.podCidr().contains(Cidr.parse(podCidr))) {
                found.add("node " + node.getMetadata().getName() + " has podCIDR " + podCidr + ", outside the planned "
                        + spec.podCidr() + collisions(Cidr.parse(podCidr), spec, topology)
                        + " (k3s ignored --cluster-cidr?)");
            }
        }
        Service kubernetes = client.services().inNamespace("default").withName("kubernetes").get();
        if (kubernetes != null && ip(kubernetes) >= 0 && !spec.serviceCidr().contains(ip(kubernetes))) {
            found.add("Service default/kubernetes has IP " + kubernetes.getSpec().getClusterIP() + ", outside the"
                    + " planned " + spec.serviceCidr() + " (k3s ignored --service-cidr?)");
        }
        Service dns = client.services().inNamespace("kube-system").withName("kube-dns").get();
        if (dns != null && ip(dns) >= 0 && ip(dns) != spec.clusterDns()) {
            found.add("Service kube-system/kube-dns has IP " + dns.getSpec().getClusterIP() + ", not the planned "
                    + spec.clusterDnsText());
        }
        return found;
    }

    /**
     * ", colliding with cluster 'x''s pod range ..." for each other cluster's range that {@code range}, a pod range
     * {@code spec}'s node got, may not overlap ({@link RangeOverlaps}: a pod range of another network may).
     */
    private static String collisions(Cidr range, ClusterSpec spec, MeshTopology topology) {
        List<RangeOverlaps.Owned> ranges = new ArrayList<>();
        ranges.add(RangeOverlaps.Owned.pods(spec.name(), "pod", range, spec.network()));
        for (ClusterSpec other : topology.clusters()) {
            if (!other.name().equals(spec.name())) {
                ranges.add(RangeOverlaps.Owned.pods(other.name(), "pod", other.podCidr(), other.network()));
                ranges.add(new RangeOverlaps.Owned(other.name(), "service", other.serviceCidr()));
            }
        }
        StringBuilder text = new StringBuilder();
        RangeOverlaps.among(ranges).stream().filter(o -> o.first() == ranges.get(0)).map(RangeOverlaps.Overlap::second)
                .forEach(other -> text.append(", colliding with cluster '").append(other.owner()).append("''s ")
                        .append(other.kind()).append(" range ").append(other.range()));
        return text.toString();
    }

    /** Empty when the cluster matches its spec; otherwise what does not match yet, or does not match at all. */
    static Optional<String> problem(KubernetesClient client, ClusterSpec spec) {
        List<Node> nodes = client.nodes().list().getItems();
        if (nodes.isEmpty()) {
            return Optional.of("no node registered yet");
        }
        List<String> problems = new ArrayList<>();
        for (Node node : nodes) {
            String name = node.getMetadata().getName();
            String ready = node.getStatus() == null || node.getStatus().getConditions() == null ? "Unknown"
                    : node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                    .map(NodeCondition::getStatus).findFirst().orElse("Unknown");
            if (!"True".equals(ready)) {
                problems.add("node " + name + " Ready=" + ready);
            }
            String podCidr = node.getSpec() == null ? null : node.getSpec().getPodCIDR();
            if (podCidr == null) {
                problems.add("node " + name + " has no podCIDR yet");
            } else if (!spec.podCidr().contains(Cidr.parse(podCidr))) {
                problems.add("node " + name + " has podCIDR " + podCidr + ", outside the planned " + spec.podCidr()
                        + " (k3s ignored --cluster-cidr?)");
            }
        }
        Service kubernetes = client.services().inNamespace("default").withName("kubernetes").get();
        if (kubernetes == null) {
            problems.add("Service default/kubernetes not found yet");
        } else if (!spec.serviceCidr().contains(ip(kubernetes))) {
            problems.add("Service default/kubernetes has IP " + kubernetes.getSpec().getClusterIP() + ", outside the"
                    + " planned " + spec.serviceCidr() + " (k3s ignored --service-cidr?)");
        }
        // k3s deploys CoreDNS behind the Service kube-system/kube-dns on --cluster-dns.
        Service dns = client.services().inNamespace("kube-system").withName("kube-dns").get();
        if (dns == null) {
            problems.add("Service kube-system/kube-dns not found yet");
        } else if (ip(dns) != spec.clusterDns()) {
            problems.add("Service kube-system/kube-dns has IP " + dns.getSpec().getClusterIP() + ", not the planned "
                    + spec.clusterDnsText());
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    private static long ip(Service service) {
        String ip = service.getSpec() == null ? null : service.getSpec().getClusterIP();
        return ip == null ? -1 : Cidr.Ipv4.parse(ip).orElse(-1L);
    }
}
