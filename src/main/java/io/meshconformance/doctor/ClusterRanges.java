package io.meshconformance.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.meshconformance.topology.Cidr;

/**
 * A cluster's pod and service ranges as its API reveals them. Pods: the nodes' {@code spec.podCIDRs}; when a CNI
 * assigns pod addresses itself (nodes carry none), the addresses of running pods stand in. Services: the
 * {@code ServiceCIDR} objects (networking.k8s.io/v1, Kubernetes 1.33+); on older clusters only the address of the
 * {@code default/kubernetes} Service, the first of the range, is known.
 *
 * @param podRanges     ranges (or single pod addresses as /32) seen for pods
 * @param podSource     where they came from, in words
 * @param serviceRanges the ServiceCIDR objects' ranges; empty when the cluster has none
 * @param apiServiceIp  the ClusterIP of default/kubernetes, when readable
 */
public record ClusterRanges(List<Cidr> podRanges, String podSource, List<Cidr> serviceRanges,
                            Optional<Long> apiServiceIp) {

    static final ResourceDefinitionContext SERVICE_CIDRS = new ResourceDefinitionContext.Builder()
            .withGroup("networking.k8s.io").withVersion("v1").withPlural("servicecidrs").withKind("ServiceCIDR")
            .withNamespaced(false).build();
    static final int POD_SAMPLE = 200;

    public static ClusterRanges discover(KubernetesClient client) {
        List<Cidr> pods = new ArrayList<>();
        for (Node node : client.nodes().list().getItems()) {
            List<String> cidrs = node.getSpec() == null ? List.of() : node.getSpec().getPodCIDRs();
            if ((cidrs == null || cidrs.isEmpty()) && node.getSpec() != null && node.getSpec().getPodCIDR() != null) {
                cidrs = List.of(node.getSpec().getPodCIDR());
            }
            for (String text : cidrs == null ? List.<String>of() : cidrs) {
                ipv4Cidr(text).filter(c -> !pods.contains(c)).ifPresent(pods::add);
            }
        }
        String podSource = "the nodes' podCIDRs";
        if (pods.isEmpty()) {
            podSource = "addresses of running pods (the nodes carry no podCIDR: the CNI assigns pod addresses)";
            for (Pod pod : client.pods().inAnyNamespace()
                .list(new ListOptionsBuilder().withLimit((long) POD_SAMPLE).build()).getItems()) {
                boolean hostNetwork = pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
                String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
                if (!hostNetwork && ip != null) {
                    Cidr.Ipv4.parse(ip).map(a -> new Cidr(a, 32)).filter(c -> !pods.contains(c)).ifPresent(pods::add);
                }
            }
        }
        return new ClusterRanges(pods, podSource, serviceCidrs(client), apiServiceIp(client));
    }

    private static List<Cidr> serviceCidrs(KubernetesClient client) {
        List<Cidr> ranges = new ArrayList<>();
        List<GenericKubernetesResource> items;
        try {
            items = client.genericKubernetesResources(SERVICE_CIDRS).list().getItems();
        } catch (KubernetesClientException e) {
            return ranges; // before Kubernetes 1.33 the API has no ServiceCIDR
        }
        for (GenericKubernetesResource item : items) {
            Object spec = item.getAdditionalProperties().get("spec");
            Object cidrs = spec instanceof Map<?, ?> map ? map.get("cidrs") : null;
            if (cidrs instanceof List<?> list) {
                list.forEach(c -> ipv4Cidr(String.valueOf(c)).filter(r -> !ranges.contains(r)).ifPresent(ranges::add));
            }
        }
        return ranges;
    }

    private static Optional<Long> apiServiceIp(KubernetesClient client) {
        Service kubernetes = client.services().inNamespace("default").withName("kubernetes").get();
        if (kubernetes == null || kubernetes.getSpec() == null || kubernetes.getSpec().getClusterIP() == null) {
            return Optional.empty();
        }
        return Cidr.Ipv4.parse(kubernetes.getSpec().getClusterIP());
    }

    /** IPv4 ranges only: the topology (and the harness) plan IPv4; an IPv6 range of a dual-stack cluster is left out. */
    private static Optional<Cidr> ipv4Cidr(String text) {
        if (text == null || text.contains(":")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Cidr.parse(text.trim()).canonical());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** "10.42.0.0/24, 10.42.1.0/24" or the count when many single addresses were sampled. */
    public String podText() {
        if (podRanges.isEmpty()) {
            return "none seen";
        }
        if (podRanges.size() > 6) {
            return podRanges.size() + " ranges/addresses from " + podRanges.get(0) + " to "
                    + podRanges.get(podRanges.size() - 1);
        }
        return String.join(", ", podRanges.stream().map(Cidr::toString).toList());
    }

    public String serviceText() {
        if (!serviceRanges.isEmpty()) {
            return String.join(", ", serviceRanges.stream().map(Cidr::toString).toList()) + " (ServiceCIDR)";
        }
        return apiServiceIp.map(ip -> "range unknown, default/kubernetes at " + Cidr.Ipv4.format(ip))
                .orElse("unknown (no ServiceCIDR, default/kubernetes unreadable)");
    }
}
