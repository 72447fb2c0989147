package io.meshconformance.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.config.Keys;
import io.meshconformance.topology.Cidr;

/**
 * Checks that the pod and service ranges a cluster's API reveals lie inside the ranges the topology gives it; the
 * ranges it found are kept for {@link RangesDisjointCheck}.
 */
final class TopologyRangesCheck extends ClusterCheck {

    private ClusterRanges found;

    TopologyRangesCheck(MeshCluster cluster) {
        super(Check.TOPOLOGY_RANGES, cluster);
    }

    /** The ranges this check read from the API; empty before it ran, or when it could not read them. */
    Optional<ClusterRanges> found() {
        return Optional.ofNullable(found);
    }

    @Override
    public CheckResult run() {
        MeshCluster cluster = cluster();
        ClusterRanges seen = ClusterRanges.discover(cluster.client());
        found = seen;
        List<String> wrong = new ArrayList<>();
        Cidr podCidr = cluster.spec().podCidr();
        List<Cidr> outside = seen.podRanges().stream().filter(r -> !podCidr.contains(r)).toList();
        if (!outside.isEmpty()) {
            wrong.add("pods use " + outside.stream().map(Cidr::toString).collect(Collectors.joining(", "))
                    + ", outside the topology's podCidr " + podCidr);
        }
        Cidr serviceCidr = cluster.spec().serviceCidr();
        if (!seen.serviceRanges().isEmpty()) {
            if (seen.serviceRanges().stream().noneMatch(r -> r.equals(serviceCidr) || serviceCidr.contains(r))) {
                wrong.add("its ServiceCIDR is " + seen.serviceText() + ", not the topology's serviceCidr "
                        + serviceCidr);
            }
        } else if (seen.apiServiceIp().isPresent() && !serviceCidr.contains(seen.apiServiceIp().get())) {
            wrong.add("default/kubernetes has " + Cidr.Ipv4.format(seen.apiServiceIp().get())
                    + ", outside the topology's serviceCidr " + serviceCidr);
        }
        String evidence = "pods: " + seen.podText() + " (" + seen.podSource() + "); services: " + seen.serviceText();
        if (wrong.isEmpty()) {
            if (seen.podRanges().isEmpty()) {
                return warn(evidence,
                        "no pod address was seen, so the topology's podCidr " + podCidr + " is unconfirmed; the"
                                + " registry verdict trusts it");
            }
            return pass(evidence + "; inside the topology's podCidr "
                    + podCidr + " and serviceCidr " + serviceCidr);
        }
        return fail(String.join("; ", wrong) + " [" + evidence + "]",
                "write the cluster's real ranges into the topology file (" + Keys.TOPOLOGY + "): the registry verdict"
                        + " judges endpoints by the remote's podCidr");
    }
}
