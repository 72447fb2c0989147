package io.meshconformance.topology;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a topology against the rules of a primary-remote mesh, on one network or several (istio.io "Install
 * Primary-Remote" and "Install Primary-Remote on different networks"). Pure: no I/O, and every problem is reported
 * at once, each naming the cluster(s), the values and the fix. A remote may be on any network: one that shares the
 * primary's is reached directly (flat routes), any other through its own east-west gateway, which the run installs.
 */
public final class TopologyValidator {

    /** RFC 1123 label, as Kubernetes and Istio require of names (the cluster id becomes a Secret data key). */
    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** Kubernetes label value, since the network becomes the label {@code topology.istio.io/network}. */
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    /**
     * k3s gives each node a /24 of the pod CIDR (kube-controller-manager {@code node-cidr-mask-size} default);
     * a smaller pod CIDR leaves the node without a podCIDR and no pod starts.
     */
    private static final int NODE_CIDR_MASK = 24;
    /** kube-apiserver refuses an IPv4 {@code --service-cluster-ip-range} larger than /12. */
    private static final int LARGEST_SERVICE_PREFIX = 12;

    /**
     * The most clusters a topology may list. Primary-remote needs one primary and a few remotes; every pair of
     * ranges is compared, so thousands of clusters would mean millions of overlap problems and no answer.
     */
    public static final int MAX_CLUSTERS = 64;

    /** Ranges that can never hold pods or services. */
    private static final Map<String, Cidr> RESERVED = reserved();

    private TopologyValidator() {
    }

    private static Map<String, Cidr> reserved() {
        Map<String, Cidr> ranges = new LinkedHashMap<>();
        ranges.put("'this network' (0.0.0.0/8)", Cidr.parse("0.0.0.0/8"));
        ranges.put("loopback (127.0.0.0/8)", Cidr.parse("127.0.0.0/8"));
        ranges.put("link-local (169.254.0.0/16)", Cidr.parse("169.254.0.0/16"));
        ranges.put("multicast (224.0.0.0/4)", Cidr.parse("224.0.0.0/4"));
        ranges.put("reserved (240.0.0.0/4)", Cidr.parse("240.0.0.0/4"));
        return Map.copyOf(ranges);
    }

    public static List<TopologyProblem> validate(MeshTopology topology) {
        return validate(topology, List.of());
    }

    /**
     * @param occupied ranges in use around the clusters (the shared Docker network's subnet, for example) that
     *                 no pod or service CIDR may overlap
     */
    public static List<TopologyProblem> validate(MeshTopology topology, List<OccupiedRange> occupied) {
        List<Identity> identities = topology.clusters().stream()
                .map(c -> new Identity(c.name(), c.role(), c.network())).toList();
        return validate(identities, true, topology.clusters(), occupied);
    }

    /** What the rules about the set of clusters need of each: readable even when a range of it is not. */
    record Identity(String name, ClusterRole role, String network) {
    }

    /**
     * @param identities   name, role and network of the clusters whose three were readable
     * @param allIdentified false when some cluster's name, role or network could not be read: the rules about
     *                     the set of clusters (one primary, known networks, unique names) are skipped then, since
     *                     they would report artifacts of the missing entry
     * @param clusters     the fully read clusters, for the per-cluster and overlap rules
     */
    static List<TopologyProblem> validate(List<Identity> identities, boolean allIdentified,
                                          List<ClusterSpec> clusters, List<OccupiedRange> occupied) {
        List<TopologyProblem> problems = new ArrayList<>();
        if (identities.size() > MAX_CLUSTERS || clusters.size() > MAX_CLUSTERS) {
            problems.add(tooManyClusters(Math.max(identities.size(), clusters.size())));
            return problems;
        }
        if (identities.isEmpty() && allIdentified) {
            problems.add(new TopologyProblem("clusters", "the list is empty; declare one cluster with role: primary"
                    + " and at least one with role: remote"));
            return problems;
        }
        checkNames(identities, problems);
        if (allIdentified) {
            checkRoles(identities, problems);
        }
        for (ClusterSpec cluster : clusters) {
            checkRanges(cluster, problems);
            checkDns(cluster, problems);
        }
        checkOverlaps(clusters, occupied, problems);
        return problems;
    }

    /** The one problem of a topology with more than {@link #MAX_CLUSTERS} clusters, whose others are not sought. */
    static TopologyProblem tooManyClusters(int count) {
        return new TopologyProblem("clusters", "lists " + count + " clusters, more than the " + MAX_CLUSTERS
                + " this harness takes (a primary-remote mesh has one primary and a few remotes, and every pair of"
                + " clusters is checked for overlapping ranges); list only the clusters this run tests");
    }

    /** Throws with every problem when the topology is invalid. */
    public static MeshTopology requireValid(MeshTopology topology, List<OccupiedRange> occupied, String source) {
        List<TopologyProblem> problems = validate(topology, occupied);
        if (!problems.isEmpty()) {
            throw new InvalidTopologyException(source, problems);
        }
        return topology;
    }

    private static void checkNames(List<Identity> clusters, List<TopologyProblem> problems) {
        Map<String, Integer> seen = new HashMap<>();
        for (Identity cluster : clusters) {
            checkNetworkName(cluster, problems);
            String name = cluster.name();
            if (name.length() > 63 || !DNS_1123_LABEL.matcher(name).matches()) {
                problems.add(new TopologyProblem(cluster(name), "name '" + name + "' is not a DNS-1123 label;"
                        + " use at most 63 lower-case letters, digits and '-', starting and ending with a letter or"
                        + " digit (it becomes the Istio cluster id and the remote secret's data key), e.g. '"
                        + suggestName(name) + "'"));
            }
            seen.merge(name, 1, Integer::sum);
        }
        seen.forEach((name, count) -> {
            if (count > 1) {
                problems.add(new TopologyProblem(cluster(name), "the name '" + name + "' is used by " + count
                        + " clusters; each cluster needs its own name, because istiod keys remote clusters by it"));
            }
        });
    }

    private static String suggestName(String name) {
        String lowered = name.toLowerCase().replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        if (lowered.isEmpty()) {
            return "cluster-1";
        }
        return lowered.length() > 63 ? lowered.substring(0, 63).replaceAll("-+$", "") : lowered;
    }

    private static void checkRoles(List<Identity> clusters, List<TopologyProblem> problems) {
        List<String> primaries = clusters.stream().filter(c -> c.role() == ClusterRole.PRIMARY)
                .map(Identity::name).toList();
        if (primaries.isEmpty()) {
            problems.add(new TopologyProblem("clusters", "no cluster has role: primary; exactly one cluster must"
                    + " run the Istio control plane: set role: primary on one of "
                    + quoted(clusters.stream().map(Identity::name).toList())));
        } else if (primaries.size() > 1) {
            problems.add(new TopologyProblem("clusters " + quoted(primaries), primaries.size()
                    + " clusters have role: primary; this harness supports exactly one primary (primary-remote):"
                    + " set role: remote on all but one of them"));
        }
        if (clusters.stream().allMatch(c -> c.role() == ClusterRole.PRIMARY)) {
            problems.add(new TopologyProblem("clusters", "no cluster has role: remote; add at least one remote"
                    + " cluster, which is what the mesh is tested with"));
        }
    }

    private static void checkRanges(ClusterSpec cluster, List<TopologyProblem> problems) {
        checkRange(cluster, "podCidr", cluster.podCidr(), problems);
        checkRange(cluster, "serviceCidr", cluster.serviceCidr(), problems);
        if (cluster.podCidr().prefix() > NODE_CIDR_MASK) {
            problems.add(new TopologyProblem(cluster(cluster.name()), "podCidr " + cluster.podCidr() + " is smaller"
                    + " than the /" + NODE_CIDR_MASK + " that k3s assigns to each node; use a /" + NODE_CIDR_MASK
                    + " or larger (a /16 is usual)"));
        }
        if (cluster.serviceCidr().prefix() < LARGEST_SERVICE_PREFIX) {
            problems.add(new TopologyProblem(cluster(cluster.name()), "serviceCidr " + cluster.serviceCidr()
                    + " is larger than the /" + LARGEST_SERVICE_PREFIX + " that the Kubernetes API server accepts;"
                    + " use a /" + LARGEST_SERVICE_PREFIX + " or smaller (a /16 or /24 is usual)"));
        }
    }

    private static void checkRange(ClusterSpec cluster, String field, Cidr cidr, List<TopologyProblem> problems) {
        if (cidr.hasHostBits()) {
            problems.add(new TopologyProblem(cluster(cluster.name()), field + " " + cidr + " has host bits set;"
                    + " Kubernetes rejects it: write " + cidr.canonical()));
        }
        RESERVED.forEach((what, range) -> {
            if (range.overlaps(cidr)) {
                problems.add(new TopologyProblem(cluster(cluster.name()), field + " " + cidr + " overlaps the "
                        + what + " range, which cannot carry pod or service traffic; choose a private range"
                        + " such as 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16"));
            }
        });
    }

    private static void checkDns(ClusterSpec cluster, List<TopologyProblem> problems) {
        Cidr services = cluster.serviceCidr();
        String dns = cluster.clusterDnsText();
        String fix = "; pick an address inside it, e.g. " + Cidr.Ipv4.format(services.suggestedDns());
        if (!services.contains(cluster.clusterDns())) {
            problems.add(new TopologyProblem(cluster(cluster.name()), "clusterDns " + dns + " lies outside its"
                    + " serviceCidr " + services + " (k3s requires the DNS service IP inside the service range)" + fix));
        } else if (cluster.clusterDns() == services.network()) {
            problems.add(new TopologyProblem(cluster(cluster.name()), "clusterDns " + dns + " is the network"
                    + " address of serviceCidr " + services + fix));
        } else if (cluster.clusterDns() == services.broadcast()) {
            problems.add(new TopologyProblem(cluster(cluster.name()), "clusterDns " + dns + " is the broadcast"
                    + " address of serviceCidr " + services + fix));
        } else if (cluster.clusterDns() == services.network() + 1) {
            problems.add(new TopologyProblem(cluster(cluster.name()), "clusterDns " + dns + " is the first address"
                    + " of serviceCidr " + services + ", which Kubernetes gives to the 'kubernetes' API Service" + fix));
        }
    }

    private static void checkNetworkName(Identity cluster, List<TopologyProblem> problems) {
        String network = cluster.network();
        if (network.length() > 63 || !LABEL_VALUE.matcher(network).matches()) {
            problems.add(new TopologyProblem(cluster(cluster.name()), "network '" + network + "' is not a valid"
                    + " Kubernetes label value (it becomes topology.istio.io/network): use at most 63 letters,"
                    + " digits, '-', '_' or '.', starting and ending with a letter or digit, e.g. 'network1'"));
        }
    }

    private static void checkOverlaps(List<ClusterSpec> clusters, List<OccupiedRange> occupied,
                                      List<TopologyProblem> problems) {
        List<RangeOverlaps.Owned> ranges = new ArrayList<>();
        for (ClusterSpec cluster : clusters) {
            ranges.add(RangeOverlaps.Owned.pods(cluster(cluster.name()), "podCidr", cluster.podCidr(),
                    cluster.network()));
            ranges.add(new RangeOverlaps.Owned(cluster(cluster.name()), "serviceCidr", cluster.serviceCidr()));
        }
        for (RangeOverlaps.Overlap overlap : RangeOverlaps.among(ranges)) {
            RangeOverlaps.Owned a = overlap.first();
            RangeOverlaps.Owned b = overlap.second();
            String where = overlap.sameOwner() ? a.owner() : a.owner() + " and " + b.owner();
            problems.add(new TopologyProblem(where, a.kind() + " " + a.range() + " overlaps "
                    + (overlap.sameOwner() ? "" : b.owner() + " ") + b.kind() + " " + b.range()
                    + "; every pod and service range of every cluster must be disjoint (only pod ranges of clusters"
                    + " on different networks may overlap), or the clusters cannot route to each other: move one of"
                    + " them to an unused range"));
        }
        for (OccupiedRange taken : occupied) {
            for (RangeOverlaps.Owned range : ranges) {
                if (range.range().overlaps(taken.range())) {
                    problems.add(new TopologyProblem(range.owner(), range.kind() + " " + range.range()
                            + " overlaps " + taken.range() + ", already used by " + taken.owner()
                            + "; move the cluster range, or give the clusters' network another subnet"));
                }
            }
        }
    }

    private static String cluster(String name) {
        return "cluster '" + name + "'";
    }

    private static String quoted(Collection<String> values) {
        return values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", "));
    }
}
