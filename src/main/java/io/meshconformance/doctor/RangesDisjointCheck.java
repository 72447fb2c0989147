package io.meshconformance.doctor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.topology.Cidr;

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
        List<String> overlaps = new ArrayList<>();
        List<MeshCluster> clusters = new ArrayList<>(ranges.keySet());
        for (int i = 0; i < clusters.size(); i++) {
            for (int j = i + 1; j < clusters.size(); j++) {
                MeshCluster a = clusters.get(i);
                MeshCluster b = clusters.get(j);
                overlaps.addAll(overlaps(a.name(), claimed(a, ranges.get(a)), b.name(), claimed(b, ranges.get(b))));
            }
        }
        String evidence = ranges.entrySet().stream().map(e -> e.getKey().name() + " pods " + e.getValue().podText()
                + ", services " + serviceClaimText(e.getKey(), e.getValue())).collect(Collectors.joining("; "));
        if (overlaps.isEmpty()) {
            return pass(evidence);
        }
        return fail(String.join("; ", overlaps),
                "every cluster's pod and service ranges must be unique (istio.io multicluster requirements;"
                        + " the tutorial's table): a cluster's ranges are fixed when it is created, so rebuild"
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
    private static Map<String, List<Cidr>> claimed(MeshCluster cluster, ClusterRanges seen) {
        Map<String, List<Cidr>> claimed = new LinkedHashMap<>();
        claimed.put("pod", seen.podRanges());
        claimed.put("service", seen.serviceRanges().isEmpty() ? List.of(cluster.spec().serviceCidr())
                : seen.serviceRanges());
        return claimed;
    }

    /** Each kind of range of {@code a} that overlaps a kind of {@code b}, with the first range of b it meets. */
    private static List<String> overlaps(String a, Map<String, List<Cidr>> rangesA, String b,
                                         Map<String, List<Cidr>> rangesB) {
        List<String> found = new ArrayList<>();
        for (var kindA : rangesA.entrySet()) {
            for (var kindB : rangesB.entrySet()) {
                for (Cidr x : kindA.getValue()) {
                    Optional<Cidr> y = kindB.getValue().stream().filter(x::overlaps).findFirst();
                    if (y.isPresent()) {
                        found.add(a + " " + kindA.getKey() + " range " + x + " overlaps " + b + " " + kindB.getKey()
                                + " range " + y.get());
                        break;
                    }
                }
            }
        }
        return found;
    }
}
