package io.meshconformance.doctor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.topology.RangeOverlaps;

/**
 * Checks that no two clusters' pod and service ranges overlap (istio.io multicluster requirements), using the
 * ranges each cluster's {@link TopologyRangesCheck} found.
 */
final class RangesDisjointCheck implements DoctorCheck {

    private final List<TopologyRangesCheck> sources;

    /** @param sources one per cluster, run before this check */
    RangesDisjointCheck(List<TopologyRangesCheck> sources) {
        this.sources = List.copyOf(sources);
    }

    @Override
    public Check check() {
        return Check.RANGES_DISJOINT;
    }

    @Override
    public String scope() {
        return "mesh";
    }

    @Override
    public CheckResult run() {
        if (sources.stream().anyMatch(s -> s.found().isEmpty())) {
            return skip("not checked: the ranges of every cluster are"
                    + " needed (see 'api' and 'topology-ranges')");
        }
        Map<MeshCluster, ClusterRanges> ranges = new LinkedHashMap<>();
        sources.forEach(s -> ranges.put(s.cluster(), s.found().orElseThrow()));
        List<String> overlaps = overlaps(ranges);
        String evidence = ranges.entrySet().stream().map(e -> e.getKey().name() + " pods " + e.getValue().podText()
                + ", services " + serviceClaimText(e.getKey(), e.getValue())).collect(Collectors.joining("; "));
        if (overlaps.isEmpty()) {
            return pass(evidence);
        }
        return fail(String.join("; ", overlaps),
                "every cluster's pod and service ranges must be unique, except pod ranges of clusters on"
                        + " different networks (istio.io multicluster requirements; the tutorial's table): a cluster's ranges are fixed when it is created, so rebuild"
                        + " one with other ranges (k3s: --cluster-cidr, --service-cidr)");
    }

    /** The service range compared, and where it came from. */
    private static String serviceClaimText(MeshCluster cluster, ClusterRanges seen) {
        if (!seen.serviceRanges().isEmpty()) {
            return seen.serviceText();
        }
        return cluster.spec().serviceCidr() + " (the topology's: this API reveals no ServiceCIDR, only "
                + seen.serviceText().replace("range unknown, ", "") + ")";
    }

    /** What a cluster occupies: its pod ranges, and its service ranges (or the topology's when the API hides them). */
    private static List<RangeOverlaps.Owned> claimed(MeshCluster cluster, ClusterRanges seen) {
        List<RangeOverlaps.Owned> claimed = new ArrayList<>();
        seen.podRanges().forEach(r -> claimed.add(RangeOverlaps.Owned.pods(cluster.name(), "pod", r, cluster.network())));
        (seen.serviceRanges().isEmpty() ? List.of(cluster.spec().serviceCidr()) : seen.serviceRanges())
                .forEach(r -> claimed.add(new RangeOverlaps.Owned(cluster.name(), "service", r)));
        return claimed;
    }

    /**
     * For each two clusters and each kind of range of the one that overlaps a kind of the other, the first such
     * pair: one line per kind and cluster pair, however many node ranges share the fault.
     */
    private static List<String> overlaps(Map<MeshCluster, ClusterRanges> ranges) {
        List<RangeOverlaps.Owned> all = new ArrayList<>();
        ranges.forEach((cluster, seen) -> all.addAll(claimed(cluster, seen)));
        Map<String, String> first = new LinkedHashMap<>();
        RangeOverlaps.among(all).stream().filter(o -> !o.sameOwner()).forEach(o -> first.putIfAbsent(
                o.first().owner() + " " + o.first().kind() + " / " + o.second().owner() + " " + o.second().kind(),
                o.first().owner() + " " + o.first().kind() + " range " + o.first().range() + " overlaps "
                        + o.second().owner() + " " + o.second().kind() + " range " + o.second().range()));
        // In the order of the table: cluster by cluster, pod ranges before service ranges.
        List<String> order = new ArrayList<>();
        List<MeshCluster> clusters = new ArrayList<>(ranges.keySet());
        for (int i = 0; i < clusters.size(); i++) {
            for (int j = i + 1; j < clusters.size(); j++) {
                for (String kindA : List.of("pod", "service")) {
                    for (String kindB : List.of("pod", "service")) {
                        String key = clusters.get(i).name() + " " + kindA + " / " + clusters.get(j).name() + " " + kindB;
                        if (first.containsKey(key)) {
                            order.add(first.get(key));
                        }
                    }
                }
            }
        }
        return order;
    }
}
