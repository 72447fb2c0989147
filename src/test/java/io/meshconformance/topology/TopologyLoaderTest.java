package io.meshconformance.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped topologies load; each structural mistake in a file is named, never a parser stack trace. */
class TopologyLoaderTest {

    static final Path DEFAULT = Path.of("fixtures/topologies/default.yaml");
    static final Path ORIGIN = Path.of("fixtures/topologies/origin-tutorial.yaml");

    @Test
    void defaultTopologyIsIstiosKindValues() {
        MeshTopology topology = TopologyLoader.load(DEFAULT);
        ClusterSpec primary = topology.primary();
        assertEquals("primary", primary.name());
        assertEquals("network1", primary.network());
        assertEquals("10.10.0.0/16", primary.podCidr().toString());
        assertEquals("10.255.10.0/24", primary.serviceCidr().toString());
        assertEquals("10.255.10.10", primary.clusterDnsText());
        ClusterSpec remote = topology.remotes().get(0);
        assertEquals("remote", remote.name());
        assertEquals("10.20.0.0/16", remote.podCidr().toString());
        assertEquals("10.255.20.0/24", remote.serviceCidr().toString());
        assertEquals(List.of(remote), topology.sameNetworkPeers(primary));
    }

    @Test
    void originTutorialTableIsAcceptedAsDisjoint() {
        MeshTopology topology = TopologyLoader.load(ORIGIN);
        assertEquals("172.16.0.0/16", topology.primary().podCidr().toString());
        assertEquals("172.19.0.0/20", topology.primary().serviceCidr().toString());
        assertEquals("172.20.0.0/16", topology.remotes().get(0).podCidr().toString());
        assertEquals("172.21.0.0/20", topology.remotes().get(0).serviceCidr().toString());
        assertEquals(List.of(), TopologyValidator.validate(topology));
    }

    @Test
    void missingFileIsNamedWithTheFix() {
        InvalidTopologyException e = assertThrows(InvalidTopologyException.class,
                () -> TopologyLoader.load(Path.of("fixtures/topologies/nope.yaml")));
        assertEquals(1, e.problems().size());
        assertTrue(e.getMessage().contains("fixtures/topologies/nope.yaml"), e.getMessage());
        assertTrue(e.problems().get(0).what().contains("does not exist"), e.getMessage());
    }

    @Test
    void directoryIsNotATopology() {
        InvalidTopologyException e = assertThrows(InvalidTopologyException.class,
                () -> TopologyLoader.load(Path.of("fixtures")));
        assertTrue(e.problems().get(0).what().startsWith("is a directory, not a file; pass a topology YAML file"),
                e.getMessage());
    }

    @Test
    void emptyFile() {
        assertSingleProblem(Path.of("fixtures/bad/topology-empty.yaml"), "file", "is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"# only a comment\n", "---\n", "\n\n"})
    void documentsWithNothingInThemAreEmpty(String text) {
        InvalidTopologyException e = assertThrows(InvalidTopologyException.class,
                () -> TopologyLoader.parse(text, "inline", List.of()));
        assertTrue(e.problems().get(0).what().contains("is empty"), e.getMessage());
    }

    @Test
    void malformedYamlNamesTheLine() {
        InvalidTopologyException e = assertThrows(InvalidTopologyException.class,
                () -> TopologyLoader.load(Path.of("fixtures/bad/topology-malformed.yaml")));
        String what = e.problems().get(0).what();
        assertTrue(what.startsWith("is not valid YAML"), what);
        assertTrue(what.contains("line 4"), what);
    }

    @Test
    void duplicateKeysAreRefused() {
        InvalidTopologyException e = assertThrows(InvalidTopologyException.class,
                () -> TopologyLoader.parse("clusters:\n  - name: a\n    name: b\n", "inline", List.of()));
        assertEquals("has the key 'name' twice in one mapping (line 3); another reader could take either"
                + " value: keep one of them", e.problems().get(0).what());
    }

    @Test
    void topLevelMustBeAMappingWithClusters() {
        assertParseProblem("- a\n- b\n", "file", "top level is a list");
        assertParseProblem("cluster:\n  - name: a\n", "file", "unknown field 'cluster' (did you mean 'clusters'?)");
        assertParseProblem("clusters: 5\n", "clusters", "must be a list");
        assertParseProblem("clusters: []\n", "clusters", "the list is empty");
        assertParseProblem("clusters:\n  - just-a-string\n", "clusters[0]", "must be a mapping");
    }

    @Test
    void unknownAndMissingFieldsAreEachNamed() {
        InvalidTopologyException e = assertThrows(InvalidTopologyException.class,
                () -> TopologyLoader.load(Path.of("fixtures/bad/topology-unknown-field.yaml")));
        List<String> lines = e.problems().stream().map(TopologyProblem::toString).toList();
        assertEquals(3, lines.size(), e.getMessage());
        assertTrue(lines.contains("cluster 'primary': unknown field 'podCIDR' (did you mean 'podCidr'?); a cluster has"
                + " exactly name, role, network, podCidr, serviceCidr, clusterDns"), e.getMessage());
        assertTrue(lines.get(1).startsWith("cluster 'primary': missing field 'podCidr'"), e.getMessage());
        assertEquals("cluster 'remote': missing field 'clusterDns'; e.g. clusterDns: 10.255.20.10 (inside serviceCidr"
                + " 10.255.20.0/24)", lines.get(2));
    }

    @Test
    void unknownRoleIsNamedWithTheAllowedOnes() {
        assertSingleProblem(Path.of("fixtures/bad/topology-unknown-role.yaml"), "cluster 'primary'",
                "unknown role 'main'; a cluster's role is one of primary | remote");
    }

    @Test
    void nestedValuesWhereScalarsBelong() {
        assertParseProblem(cluster("primary", "primary", "[a, b]", "10.10.0.0/16", "10.255.10.0/24", "10.255.10.10")
                + cluster("remote", "remote", "network1", "10.20.0.0/16", "10.255.20.0/24", "10.255.20.10"),
                "cluster 'primary'", "field 'network' must be a single value, but is a list");
    }

    @Test
    void ipv6IsRefusedAsNotYetSupported() {
        assertParseProblem(cluster("primary", "primary", "network1", "fd00:10::/64", "10.255.10.0/24", "10.255.10.10")
                + cluster("remote", "remote", "network1", "10.20.0.0/16", "10.255.20.0/24", "fd00::a"),
                "cluster 'primary'", "IPv6, which this harness does not support yet");
        assertParseProblem(cluster("primary", "primary", "network1", "10.10.0.0/16", "10.255.10.0/24", "10.255.10.10")
                + cluster("remote", "remote", "network1", "10.20.0.0/16", "10.255.20.0/24", "fd00::a"),
                "cluster 'remote'", "clusterDns 'fd00::a' is IPv6");
    }

    @Test
    void badCidrAndDnsSyntax() {
        assertParseProblem(cluster("primary", "primary", "network1", "10.10.0.0", "10.255.10.0/24", "10.255.10.10")
                + cluster("remote", "remote", "network1", "10.20.0.0/16", "10.255.20.0/24", "10.255.20.10"),
                "cluster 'primary'", "podCidr '10.10.0.0' has no prefix length");
        assertParseProblem(cluster("primary", "primary", "network1", "10.10.0.0/16", "10.255.10.0/24", "dns.local")
                + cluster("remote", "remote", "network1", "10.20.0.0/16", "10.255.20.0/24", "10.255.20.10"),
                "cluster 'primary'", "clusterDns 'dns.local' is not an IPv4 address");
    }

    @Test
    void leadingZerosInRangesAndDnsAreRefusedNotReadAsDecimal() {
        assertParseProblem(cluster("primary", "primary", "network1", "010.10.0.0/16", "10.255.10.0/24", "10.255.10.10")
                + cluster("remote", "remote", "network1", "10.20.0.0/16", "10.255.20.0/24", "10.255.20.010"),
                "cluster 'primary'", "podCidr '010.10.0.0/16' has a leading zero in '010'");
        assertParseProblem(cluster("primary", "primary", "network1", "10.10.0.0/16", "10.255.10.0/24", "10.255.10.10")
                + cluster("remote", "remote", "network1", "10.20.0.0/16", "10.255.20.0/24", "10.255.20.010"),
                "cluster 'remote'", "clusterDns '10.255.20.010' has a leading zero in '010', which Go's net.ParseIP"
                + " and net.ParseCIDR (and so k3s and Kubernetes) refuse, as some systems read it as octal: write"
                + " 10.255.20.10 if decimal was meant");
    }

    @Test
    void setRulesStillRunWhenARangeOfOneClusterIsUnreadable() {
        InvalidTopologyException e = assertThrows(InvalidTopologyException.class,
                () -> TopologyLoader.load(Path.of("fixtures/bad/topology-many-problems.yaml")));
        String all = e.getMessage();
        assertTrue(all.contains("IPv6"), all);
        assertTrue(all.contains("2 clusters have role: primary"), all);
        assertTrue(all.contains("name 'Primary_1' is not a DNS-1123 label"), all);
        assertTrue(all.contains("has host bits set"), all);
        assertTrue(all.contains("lies outside its serviceCidr"), all);
    }

    @Test
    void occupiedRangesAreCheckedOnLoad() {
        InvalidTopologyException e = assertThrows(InvalidTopologyException.class, () -> TopologyLoader.load(DEFAULT,
                List.of(new OccupiedRange("the Docker network 'mesh'", Cidr.parse("10.20.0.0/24")))));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals("cluster 'remote'", e.problems().get(0).where());
    }

    static String cluster(String name, String role, String network, String pods, String services, String dns) {
        return (name == null ? "" : "  - name: " + name + "\n")
                + "    role: " + role + "\n"
                + "    network: " + network + "\n"
                + "    podCidr: " + pods + "\n"
                + "    serviceCidr: " + services + "\n"
                + "    clusterDns: " + dns + "\n";
    }

    private static void assertParseProblem(String clustersOrDocument, String where, String fragment) {
        String text = clustersOrDocument.startsWith("  - ") ? "clusters:\n" + clustersOrDocument : clustersOrDocument;
        InvalidTopologyException e = assertThrows(InvalidTopologyException.class,
                () -> TopologyLoader.parse(text, "inline", List.of()));
        assertTrue(e.problems().stream().anyMatch(p -> p.where().equals(where) && p.what().contains(fragment)),
                "expected a problem at " + where + " containing '" + fragment + "', got:\n" + e.getMessage());
    }

    private static void assertSingleProblem(Path file, String where, String fragment) {
        InvalidTopologyException e = assertThrows(InvalidTopologyException.class, () -> TopologyLoader.load(file));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals(where, e.problems().get(0).where());
        assertTrue(e.problems().get(0).what().contains(fragment), e.getMessage());
    }
}
