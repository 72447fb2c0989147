package io.meshconformance.topology;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.meshconformance.text.Suggest;
import tools.jackson.databind.JsonNode;

/**
 * Reads a topology YAML file (shape in DESIGN.md) into a validated {@link MeshTopology}. Every problem of the
 * file, structural or semantic, is collected and reported at once; nothing here throws a parser's stack trace at
 * the user.
 */
public final class TopologyLoader {

    static final String CLUSTERS = "clusters";
    static final List<String> CLUSTER_FIELDS =
            List.of("name", "role", "network", "podCidr", "serviceCidr", "clusterDns");

    /** The largest topology file read: a topology is a few hundred bytes; a larger file is some other file. */
    public static final int MAX_FILE_BYTES = 1 << 20;
    /** What {@link InputFile} says a topology file is. */
    public static final InputFile.Kind FILE = new InputFile.Kind(
            "a topology YAML file, e.g. fixtures/topologies/default.yaml", MAX_FILE_BYTES,
            "a topology is a few hundred bytes");
    /** Keys and values of a topology are at most 63 characters; nesting is three levels (clusters, entry, field). */
    private static final YamlReader YAML = new YamlReader(MAX_FILE_BYTES, 1024, 16, "a topology");

    private TopologyLoader() {
    }

    /** Loads and validates; throws {@link InvalidTopologyException} listing every problem. */
    public static MeshTopology load(Path file) {
        return load(file, List.of());
    }

    public static MeshTopology load(Path file, List<OccupiedRange> occupied) {
        String text;
        try {
            text = InputFile.read(file, FILE);
        } catch (IllegalArgumentException e) {
            throw invalid(file.toString(), "file", e.getMessage());
        }
        return parse(text, file.toString(), occupied);
    }

    /** Parses YAML text; {@code source} names it in messages (a path, or "default topology"). */
    public static MeshTopology parse(String text, String source, List<OccupiedRange> occupied) {
        List<TopologyProblem> problems = new ArrayList<>();
        Optional<List<Entry>> read = read(text, problems);
        if (read.isEmpty()) {
            throw new InvalidTopologyException(source, problems);
        }
        List<Entry> entries = read.get();
        List<TopologyValidator.Identity> identities = entries.stream()
                .flatMap(e -> e.identity().stream()).toList();
        List<ClusterSpec> specs = entries.stream().flatMap(e -> e.spec().stream()).toList();
        problems.addAll(TopologyValidator.validate(identities, identities.size() == entries.size(), specs, occupied));
        MeshTopology topology = new MeshTopology(specs);
        if (!problems.isEmpty()) {
            throw new InvalidTopologyException(source, problems);
        }
        return topology;
    }

    /**
     * Structural reading. Returns the clusters that could be read; empty when the document itself is unusable.
     * Problems go to {@code problems}.
     */
    /** One entry of the clusters list: what could be read of it. */
    private record Entry(Optional<TopologyValidator.Identity> identity, Optional<ClusterSpec> spec) {
    }

    private static Optional<List<Entry>> read(String text, List<TopologyProblem> problems) {
        if (text.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
            problems.add(new TopologyProblem("file", "is empty; it needs a 'clusters:' list, see"
                    + " fixtures/topologies/default.yaml"));
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = YAML.read(text);
        } catch (IllegalArgumentException e) {
            problems.add(new TopologyProblem("file", e.getMessage()));
            return Optional.empty();
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            problems.add(new TopologyProblem("file", "is empty; it needs a 'clusters:' list, see"
                    + " fixtures/topologies/default.yaml"));
            return Optional.empty();
        }
        if (!root.isObject()) {
            problems.add(new TopologyProblem("file", "must be a mapping with a 'clusters:' list, but its top level"
                    + " is " + YamlReader.kind(root)));
            return Optional.empty();
        }
        for (String key : root.propertyNames()) {
            if (!key.equals(CLUSTERS)) {
                problems.add(new TopologyProblem("file", "unknown field '" + key + "'"
                        + Suggest.didYouMean(key, List.of(CLUSTERS), 2)
                        + "; the top level holds only 'clusters'"));
            }
        }
        JsonNode clusters = root.get(CLUSTERS);
        if (clusters == null || clusters.isNull()) {
            problems.add(new TopologyProblem("file", "missing field 'clusters'; list the clusters under it"));
            return Optional.empty();
        }
        if (!clusters.isArray()) {
            problems.add(new TopologyProblem("clusters", "must be a list ('- name: ...' entries), but is "
                    + YamlReader.kind(clusters)));
            return Optional.empty();
        }
        if (clusters.size() > TopologyValidator.MAX_CLUSTERS) {
            problems.add(TopologyValidator.tooManyClusters(clusters.size()));
            return Optional.empty();
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < clusters.size(); i++) {
            entries.add(readCluster(i, clusters.get(i), problems));
        }
        return Optional.of(entries);
    }

    private static Entry readCluster(int index, JsonNode node, List<TopologyProblem> problems) {
        if (!node.isObject()) {
            problems.add(new TopologyProblem("clusters[" + index + "]", "must be a mapping with the fields "
                    + String.join(", ", CLUSTER_FIELDS) + ", but is " + YamlReader.kind(node)));
            return new Entry(Optional.empty(), Optional.empty());
        }
        JsonNode nameNode = node.get("name");
        String where = nameNode != null && nameNode.isValueNode() && !nameNode.isNull()
                ? "cluster '" + nameNode.asString() + "'" : "clusters[" + index + "]";
        int before = problems.size();
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : node.propertyNames()) {
            if (!CLUSTER_FIELDS.contains(key)) {
                problems.add(new TopologyProblem(where, "unknown field '" + key + "'"
                        + Suggest.didYouMean(key, CLUSTER_FIELDS, 2)
                        + "; a cluster has exactly " + String.join(", ", CLUSTER_FIELDS)));
            }
        }
        for (String field : CLUSTER_FIELDS) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull() || (value.isValueNode() && value.asString().isBlank())) {
                problems.add(new TopologyProblem(where, "missing field '" + field + "'" + example(field, node)));
            } else if (!value.isValueNode()) {
                problems.add(new TopologyProblem(where, "field '" + field + "' must be a single value, but is "
                        + YamlReader.kind(value) + example(field, node)));
            } else {
                values.put(field, value.asString().trim());
            }
        }
        ClusterRole role = null;
        if (values.containsKey("role")) {
            role = ClusterRole.fromYaml(values.get("role")).orElse(null);
            if (role == null) {
                problems.add(new TopologyProblem(where, "unknown role '" + values.get("role") + "'; a cluster's role"
                        + " is one of " + ClusterRole.allowed()));
            }
        }
        Cidr pods = cidr(where, "podCidr", values.get("podCidr"), problems);
        Cidr services = cidr(where, "serviceCidr", values.get("serviceCidr"), problems);
        Long dns = null;
        if (values.containsKey("clusterDns")) {
            String text = values.get("clusterDns");
            if (text.contains(":")) {
                problems.add(new TopologyProblem(where, "clusterDns '" + text + "' is IPv6, which this harness does"
                        + " not support yet; use an IPv4 address inside serviceCidr"));
            } else {
                Optional<String> bad = Cidr.Ipv4.problem(text);
                if (bad.isPresent()) {
                    problems.add(new TopologyProblem(where, "clusterDns '" + text + "' " + bad.get()
                            + (bad.get().equals(Cidr.Ipv4.NOT_FOUR) ? example("clusterDns", node) : "")));
                } else {
                    dns = Cidr.Ipv4.parse(text).orElseThrow();
                }
            }
        }
        Optional<TopologyValidator.Identity> identity = role != null && values.containsKey("name")
                && values.containsKey("network")
                ? Optional.of(new TopologyValidator.Identity(values.get("name"), role, values.get("network")))
                : Optional.empty();
        if (problems.size() > before) {
            return new Entry(identity, Optional.empty());
        }
        return new Entry(identity,
                Optional.of(new ClusterSpec(values.get("name"), role, values.get("network"), pods, services, dns)));
    }

    private static Cidr cidr(String where, String field, String text, List<TopologyProblem> problems) {
        if (text == null) {
            return null;
        }
        try {
            return Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(new TopologyProblem(where, field + " " + e.getMessage()));
            return null;
        }
    }

    /** The example for a missing clusterDns lies inside the entry's own serviceCidr, when that one is readable. */
    private static String example(String field, JsonNode cluster) {
        JsonNode services = cluster.get("serviceCidr");
        if (field.equals("clusterDns") && services != null && services.isValueNode()) {
            try {
                Cidr range = Cidr.parse(services.asString());
                return "; e.g. clusterDns: " + Cidr.Ipv4.format(range.suggestedDns()) + " (inside serviceCidr " + range
                        + ")";
            } catch (IllegalArgumentException e) {
                // fall back to the generic example
            }
        }
        return example(field);
    }

    private static String example(String field) {
        return switch (field) {
            case "name" -> "; e.g. name: primary (a DNS-1123 label)";
            case "role" -> "; one of " + ClusterRole.allowed();
            case "network" -> "; e.g. network: network1";
            case "podCidr" -> "; e.g. podCidr: 10.10.0.0/16";
            case "serviceCidr" -> "; e.g. serviceCidr: 10.255.10.0/24";
            case "clusterDns" -> "; e.g. clusterDns: 10.255.10.10 (inside serviceCidr)";
            default -> "";
        };
    }

    private static InvalidTopologyException invalid(String source, String where, String what) {
        return new InvalidTopologyException(source, List.of(new TopologyProblem(where, what)));
    }
}
