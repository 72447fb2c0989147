package io.meshconformance.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which address ranges overlap, each range named by its owner (a cluster) and kind (pod or service range): the one
 * place the rule lives, for the ranges a topology plans and for those a running cluster reveals. Pure.
 * <p>
 * The rule: every range must be disjoint from every other, except two pod ranges on different networks. Across
 * networks no pod address is routed; traffic goes through the destination network's east-west gateway, and istiod
 * tells endpoints apart by network (istio.io "Install Primary-Remote on different networks"; istio/istio 1.30.3
 * pilot/pkg/xds/endpoints/ep_filters.go, EndpointsByNetworkFilter), so such pod ranges may repeat.
 */
public final class RangeOverlaps {

    /**
     * A range and whose it is.
     *
     * @param podNetwork for a pod range, the network of the cluster that owns it; empty for any other range
     */
    public record Owned(String owner, String kind, Cidr range, Optional<String> podNetwork) {

        /** A range that must be disjoint from every other (a service range, or a pod range when networks are moot). */
        public Owned(String owner, String kind, Cidr range) {
            this(owner, kind, range, Optional.empty());
        }

        /** The pod range of a cluster on {@code network}. */
        public static Owned pods(String owner, String kind, Cidr range, String network) {
            return new Owned(owner, kind, range, Optional.of(network));
        }
    }

    /** Two ranges that share addresses; {@code first} comes before {@code second} in the list given. */
    public record Overlap(Owned first, Owned second) {

        public boolean sameOwner() {
            return first.owner().equals(second.owner());
        }

        /** Two pod ranges on different networks: allowed, since no route joins them. */
        public boolean acrossNetworks() {
            return first.podNetwork().isPresent() && second.podNetwork().isPresent()
                    && !first.podNetwork().equals(second.podNetwork());
        }
    }

    private RangeOverlaps() {
    }

    /**
     * Every pair of {@code ranges} that overlaps and may not, in the order of the list (first by first, then by
     * second): two pod ranges on different networks are left out.
     */
    public static List<Overlap> among(List<Owned> ranges) {
        List<Overlap> found = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = i + 1; j < ranges.size(); j++) {
                Overlap overlap = new Overlap(ranges.get(i), ranges.get(j));
                if (ranges.get(i).range().overlaps(ranges.get(j).range()) && !overlap.acrossNetworks()) {
                    found.add(overlap);
                }
            }
        }
        return found;
    }
}
