package io.meshconformance.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The one rule for overlapping ranges, as the topology's validation and the doctor both use it. */
class RangeOverlapsTest {

    static RangeOverlaps.Owned owned(String owner, String kind, String cidr) {
        return new RangeOverlaps.Owned(owner, kind, Cidr.parse(cidr));
    }

    @Test
    void everyOverlappingPairInTheOrderGivenAndNothingElse() {
        RangeOverlaps.Owned primaryPods = owned("primary", "pod", "10.10.0.0/16");
        RangeOverlaps.Owned primaryServices = owned("primary", "service", "10.10.255.0/24");
        RangeOverlaps.Owned remotePods = owned("remote", "pod", "10.20.0.0/16");
        RangeOverlaps.Owned remoteNode = owned("remote", "pod", "10.10.3.0/24");
        List<RangeOverlaps.Overlap> found = RangeOverlaps.among(List.of(primaryPods, primaryServices, remotePods,
                remoteNode));
        assertEquals(List.of(new RangeOverlaps.Overlap(primaryPods, primaryServices),
                new RangeOverlaps.Overlap(primaryPods, remoteNode)), found);
        assertTrue(found.get(0).sameOwner());
        assertFalse(found.get(1).sameOwner());
        assertEquals(List.of(), RangeOverlaps.among(List.of(primaryServices, remotePods)), "disjoint ranges");
        assertEquals(1, RangeOverlaps.among(List.of(owned("a", "pod", "10.0.0.0/8"), owned("b", "pod",
                "10.255.255.255/32"))).size(), "a range inside another overlaps it");
    }

    @Test
    void podRangesOnDifferentNetworksMayOverlapButNothingElseMay() {
        RangeOverlaps.Owned pods1 = RangeOverlaps.Owned.pods("primary", "pod", Cidr.parse("10.42.0.0/16"), "network1");
        RangeOverlaps.Owned pods2 = RangeOverlaps.Owned.pods("remote", "pod", Cidr.parse("10.42.0.0/16"), "network2");
        RangeOverlaps.Owned pods1b = RangeOverlaps.Owned.pods("other", "pod", Cidr.parse("10.42.7.0/24"), "network1");
        RangeOverlaps.Owned services2 = owned("remote", "service", "10.42.200.0/24");
        List<RangeOverlaps.Overlap> found = RangeOverlaps.among(List.of(pods1, pods2, pods1b, services2));
        assertEquals(List.of(new RangeOverlaps.Overlap(pods1, pods1b), new RangeOverlaps.Overlap(pods1, services2),
                new RangeOverlaps.Overlap(pods2, services2)), found,
                "pods of network1 and network2 are never routed to each other; a service range is never shared");
        assertTrue(new RangeOverlaps.Overlap(pods1, pods2).acrossNetworks());
        assertFalse(new RangeOverlaps.Overlap(pods1, pods1b).acrossNetworks());
        assertFalse(new RangeOverlaps.Overlap(pods2, services2).acrossNetworks());
    }
}
