package io.meshconformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The command users run before a long run: exit codes and what it prints. */
class ValidateTopologyTest {

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ValidateTopology.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void validFilePrintsTheTableAndExitsZero() {
        Result r = run("fixtures/topologies/origin-tutorial.yaml");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("Topology fixtures/topologies/origin-tutorial.yaml is valid: 2 clusters,"
                + " primary 'control-plane', 1 remote"), r.out());
        assertTrue(r.out().contains("control-plane  primary  network1  172.16.0.0/16  172.19.0.0/20  172.19.0.10"),
                r.out());
    }

    @Test
    void aMultiNetworkTopologySaysWhereEachOtherNetworkIsEntered() {
        Result r = run("fixtures/topologies/multi-network.yaml");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().endsWith("  remote   remote   network2  10.42.0.0/16  10.255.20.0/24  10.255.20.10\n"
                + "  network 'network2': reached through the east-west gateway the run installs in 'remote' (port"
                + " 15443); its pods are not routed from other networks\n"), r.out());
        assertTrue(!run("fixtures/topologies/default.yaml").out().contains("network '"), "nothing on one network");
    }

    @Test
    void invalidFilePrintsEveryProblemOnItsOwnLineAndExitsTwo() {
        Result r = run("fixtures/bad/topology-overlap.yaml");
        assertEquals(2, r.exit());
        String[] lines = r.out().split("\n");
        assertEquals("Topology fixtures/bad/topology-overlap.yaml is invalid (2 problems):", lines[0]);
        assertEquals(3, lines.length, r.out());
        assertTrue(lines[1].startsWith("  - cluster 'primary' and cluster 'remote': podCidr 10.42.0.0/16 overlaps"));
        assertTrue(lines[2].contains("serviceCidr 10.43.0.0/16 overlaps"));
    }

    @Test
    void structuralProblemsExitTwoToo() {
        assertEquals(2, run("fixtures/bad/topology-empty.yaml").exit());
        assertEquals(2, run("fixtures/bad/topology-malformed.yaml").exit());
        assertEquals(2, run("fixtures/bad/topology-unknown-role.yaml").exit());
        assertEquals(2, run("fixtures/bad/does-not-exist.yaml").exit());
    }

    @Test
    void occupiedRangesComeFromTheCommandLine() {
        Result r = run("--occupied", "10.255.0.0/16=docker network", "fixtures/topologies/default.yaml");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("already used by docker network"), r.out());
    }

    @Test
    void usageErrorsExitOne() {
        assertEquals(1, run().exit());
        assertEquals(1, run("--bogus", "x.yaml").exit());
        assertEquals(1, run("a.yaml", "b.yaml").exit());
        Result r = run("--occupied", "10.0.0.0", "fixtures/topologies/default.yaml");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("has no prefix length"), r.err());
    }
}
