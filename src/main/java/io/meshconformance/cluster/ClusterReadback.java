package io.meshconformance.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.lifecycle.Waits;
import io.meshconformance.topology.Cidr;
import io.meshconformance.topology.ClusterSpec;

/**
 * Reads a started cluster back through its API and checks it against the topology: every node Ready, each node's
 * podCIDR inside the cluster's pod CIDR, the {@code kubernetes} Service's IP inside the service CIDR and the DNS
 * Service on the planned address. So "disjoint CIDRs" is what the clusters report, not only what was asked for.
 */
public final class ClusterReadback {

    static final Duration POLL = Duration.ofSeconds(2);

    private ClusterReadback() {
    }

    public static void verify(MeshCluster cluster, Duration timeout) {
        Waits.until("cluster '" + cluster.name() + "': node Ready with a podCIDR inside " + cluster.spec().podCidr()
                + ", Services inside " + cluster.spec().serviceCidr(), timeout, POLL,
                () -> problem(cluster.client(), cluster.spec()));
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
