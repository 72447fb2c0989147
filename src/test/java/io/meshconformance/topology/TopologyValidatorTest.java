package io.meshconformance.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One test per validation rule, each with a bad input, plus the valid shapes that must stay accepted. */
class TopologyValidatorTest {

    static ClusterSpec spec(String name, ClusterRole role, String network, String pods, String services, String dns) {
        return new ClusterSpec(name, role, network, Cidr.parse(pods), Cidr.parse(services),
                Cidr.Ipv4.parse(dns).orElseThrow());
    }

    static ClusterSpec primary() {
        return spec("primary", ClusterRole.PRIMARY, "network1", "10.10.0.0/16", "10.255.10.0/24", "10.255.10.10");
    }

    static ClusterSpec remote() {
        return spec("remote", ClusterRole.REMOTE, "network1", "10.20.0.0/16", "10.255.20.0/24", "10.255.20.10");
    }

    static List<TopologyProblem> validate(ClusterSpec... clusters) {
        return TopologyValidator.validate(new MeshTopology(List.of(clusters)));
    }

    static void assertOnly(List<TopologyProblem> problems, String where, String... fragments) {
        assertEquals(1, problems.size(), problems.toString());
        TopologyProblem p = problems.get(0);
        assertEquals(where, p.where(), p.toString());
        for (String fragment : fragments) {
            assertTrue(p.what().contains(fragment), "'" + fragment + "' missing in: " + p);
        }
    }

    @Test
    void primaryWithOneRemoteIsValid() {
        assertEquals(List.of(), validate(primary(), remote()));
    }

    @Test
    void severalRemotesAreValid() {
        ClusterSpec second = spec("remote-2", ClusterRole.REMOTE, "network1", "10.30.0.0/16", "10.255.30.0/24",
                "10.255.30.10");
        assertEquals(List.of(), validate(primary(), remote(), second));
    }

    @Test
    void emptyList() {
        assertOnly(validate(), "clusters", "the list is empty");
    }

    @Test
    void noPrimary() {
        ClusterSpec other = spec("other", ClusterRole.REMOTE, "network1", "10.10.0.0/16", "10.255.10.0/24",
                "10.255.10.10");
        assertOnly(validate(other, remote()), "clusters", "no cluster has role: primary",
                "set role: primary on one of 'other', 'remote'");
    }

    @Test
    void twoPrimaries() {
        ClusterSpec second = spec("second", ClusterRole.PRIMARY, "network1", "10.30.0.0/16", "10.255.30.0/24",
                "10.255.30.10");
        assertOnly(validate(primary(), second, remote()), "clusters 'primary', 'second'",
                "2 clusters have role: primary", "set role: remote on all but one");
    }

    @Test
    void noRemote() {
        assertOnly(validate(primary()), "clusters", "no cluster has role: remote");
    }

    @ParameterizedTest
    @CsvSource({"Primary", "primary_1", "-primary", "primary-", "pri.mary",
        "a123456789012345678901234567890123456789012345678901234567890123"})
    void nonDns1123Names(String name) {
        ClusterSpec bad = spec(name, ClusterRole.PRIMARY, "network1", "10.10.0.0/16", "10.255.10.0/24",
                "10.255.10.10");
        assertOnly(validate(bad, remote()), "cluster '" + name + "'", "is not a DNS-1123 label", "e.g. '");
    }

    @Test
    void duplicateNames() {
        ClusterSpec twin = spec("primary", ClusterRole.REMOTE, "network1", "10.20.0.0/16", "10.255.20.0/24",
                "10.255.20.10");
        assertOnly(validate(primary(), twin), "cluster 'primary'", "used by 2 clusters");
    }

    @Test
    void hostBitsSet() {
        ClusterSpec bad = spec("remote", ClusterRole.REMOTE, "network1", "10.20.0.0/16", "10.255.20.5/24",
                "10.255.20.10");
        assertOnly(validate(primary(), bad), "cluster 'remote'", "serviceCidr 10.255.20.5/24 has host bits set",
                "write 10.255.20.0/24");
    }

    @Test
    void podCidrSmallerThanANodeRange() {
        ClusterSpec bad = spec("remote", ClusterRole.REMOTE, "network1", "10.20.0.0/25", "10.255.20.0/24",
                "10.255.20.10");
        assertOnly(validate(primary(), bad), "cluster 'remote'", "podCidr 10.20.0.0/25 is smaller than the /24");
    }

    @Test
    void serviceCidrLargerThanTheApiServerAccepts() {
        ClusterSpec bad = spec("remote", ClusterRole.REMOTE, "network1", "10.20.0.0/16", "100.64.0.0/10",
                "100.64.0.10");
        assertOnly(validate(primary(), bad), "cluster 'remote'", "serviceCidr 100.64.0.0/10 is larger than the /12");
    }

    @Test
    void reservedRanges() {
        ClusterSpec bad = spec("remote", ClusterRole.REMOTE, "network1", "127.0.0.0/16", "10.255.20.0/24",
                "10.255.20.10");
        assertOnly(validate(primary(), bad), "cluster 'remote'", "overlaps the loopback");
    }

    @Test
    void dnsOutsideServiceCidr() {
        ClusterSpec bad = spec("remote", ClusterRole.REMOTE, "network1", "10.20.0.0/16", "10.255.20.0/24",
                "10.255.21.10");
        assertOnly(validate(primary(), bad), "cluster 'remote'",
                "clusterDns 10.255.21.10 lies outside its serviceCidr 10.255.20.0/24", "e.g. 10.255.20.10");
    }

    @ParameterizedTest
    @CsvSource({"10.255.20.0, network address", "10.255.20.255, broadcast address", "10.255.20.1, 'kubernetes'"})
    void dnsOnAnAddressItCannotHave(String dns, String reason) {
        ClusterSpec bad = spec("remote", ClusterRole.REMOTE, "network1", "10.20.0.0/16", "10.255.20.0/24", dns);
        assertOnly(validate(primary(), bad), "cluster 'remote'", "clusterDns " + dns, reason);
    }

    @Test
    void invalidNetworkName() {
        ClusterSpec bad = spec("remote", ClusterRole.REMOTE, "net work", "10.20.0.0/16", "10.255.20.0/24",
                "10.255.20.10");
        List<TopologyProblem> problems = validate(primary(), bad);
        assertTrue(problems.stream().anyMatch(p -> p.what().contains("network 'net work' is not a valid Kubernetes"
                + " label value")), problems.toString());
    }

    @Test
    void aRemoteOnAnotherNetworkIsValid() {
        ClusterSpec remote = spec("remote", ClusterRole.REMOTE, "network2", "10.20.0.0/16", "10.255.20.0/24",
                "10.255.20.10");
        assertEquals(List.of(), validate(primary(), remote));
    }

    @Test
    void podRangesMayOverlapAcrossNetworksButNotWithinOne() {
        ClusterSpec across = spec("remote", ClusterRole.REMOTE, "network2", "10.10.0.0/16", "10.255.20.0/24",
                "10.255.20.10");
        assertEquals(List.of(), validate(primary(), across), "no route joins the pod ranges of two networks");
        ClusterSpec within = spec("remote-2", ClusterRole.REMOTE, "network2", "10.10.128.0/17", "10.255.30.0/24",
                "10.255.30.10");
        assertOnly(validate(primary(), across, within), "cluster 'remote' and cluster 'remote-2'",
                "podCidr 10.10.0.0/16 overlaps cluster 'remote-2' podCidr 10.10.128.0/17");
    }

    @Test
    void serviceRangesMustBeDisjointAcrossNetworksToo() {
        ClusterSpec services = spec("remote", ClusterRole.REMOTE, "network2", "10.20.0.0/16", "10.255.10.0/24",
                "10.255.10.20");
        assertOnly(validate(primary(), services), "cluster 'primary' and cluster 'remote'",
                "serviceCidr 10.255.10.0/24 overlaps cluster 'remote' serviceCidr 10.255.10.0/24");
        ClusterSpec podOnService = spec("remote", ClusterRole.REMOTE, "network2", "10.255.0.0/16", "10.254.20.0/24",
                "10.254.20.10");
        assertOnly(validate(primary(), podOnService), "cluster 'primary' and cluster 'remote'",
                "serviceCidr 10.255.10.0/24 overlaps cluster 'remote' podCidr 10.255.0.0/16");
    }

    @Test
    void podCidrsOverlapAcrossClusters() {
        ClusterSpec bad = spec("remote", ClusterRole.REMOTE, "network1", "10.10.128.0/17", "10.255.20.0/24",
                "10.255.20.10");
        assertOnly(validate(primary(), bad), "cluster 'primary' and cluster 'remote'",
                "podCidr 10.10.0.0/16 overlaps cluster 'remote' podCidr 10.10.128.0/17");
    }

    @Test
    void podCidrOverlapsTheOtherClustersServiceCidr() {
        ClusterSpec bad = spec("remote", ClusterRole.REMOTE, "network1", "10.255.0.0/16", "10.254.20.0/24",
                "10.254.20.10");
        assertOnly(validate(primary(), bad), "cluster 'primary' and cluster 'remote'",
                "serviceCidr 10.255.10.0/24 overlaps cluster 'remote' podCidr 10.255.0.0/16");
    }

    @Test
    void podAndServiceCidrOfOneClusterOverlap() {
        ClusterSpec bad = spec("remote", ClusterRole.REMOTE, "network1", "10.20.0.0/16", "10.20.255.0/24",
                "10.20.255.10");
        assertOnly(validate(primary(), bad), "cluster 'remote'",
                "podCidr 10.20.0.0/16 overlaps serviceCidr 10.20.255.0/24");
    }

    @Test
    void overlapWithAnOccupiedRangeNamesItsOwner() {
        List<TopologyProblem> problems = TopologyValidator.validate(new MeshTopology(List.of(primary(), remote())),
                List.of(new OccupiedRange("Docker network 'mesh-1a2b'", Cidr.parse("10.255.0.0/16"))));
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).what().contains("already used by Docker network 'mesh-1a2b'"), problems.toString());
    }

    @Test
    void allProblemsAreReportedAtOnce() {
        List<ClusterSpec> clusters = new ArrayList<>();
        clusters.add(spec("Bad_Name", ClusterRole.PRIMARY, "network1", "10.10.0.0/16", "10.255.10.0/24",
                "10.255.11.10"));
        clusters.add(spec("remote", ClusterRole.PRIMARY, "network1", "10.10.0.0/16", "10.255.20.0/24",
                "10.255.20.10"));
        List<TopologyProblem> problems = TopologyValidator.validate(new MeshTopology(clusters));
        assertEquals(5, problems.size(), problems.toString());
    }
}
