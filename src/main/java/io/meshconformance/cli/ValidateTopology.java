package io.meshconformance.cli;

import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.meshconformance.istio.IstioPlan;
import io.meshconformance.istio.NetworkGateways;
import io.meshconformance.topology.Cidr;
import io.meshconformance.topology.ClusterSpec;
import io.meshconformance.topology.InvalidTopologyException;
import io.meshconformance.topology.MeshTopology;
import io.meshconformance.topology.OccupiedRange;
import io.meshconformance.topology.TopologyLoader;

/**
 * Command-line check of a topology file, for use before a long run:
 * {@code bin/validate-topology [--occupied CIDR[=owner]]... FILE}. Exit 0 when valid, 2 when invalid (every
 * problem on its own line), 1 on a usage error.
 */
public final class ValidateTopology {

    static final int VALID = 0;
    static final int USAGE = 1;
    static final int INVALID = 2;

    private ValidateTopology() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<OccupiedRange> occupied = new ArrayList<>();
        String file = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                out.println(usage());
                return VALID;
            } else if (arg.equals("--occupied")) {
                if (i + 1 >= args.length) {
                    err.println("--occupied needs a value, e.g. --occupied 172.18.0.0/16=docker\n" + usage());
                    return USAGE;
                }
                String value = args[++i];
                int eq = value.indexOf('=');
                String range = eq < 0 ? value : value.substring(0, eq);
                String owner = eq < 0 ? "--occupied " + range : value.substring(eq + 1);
                try {
                    occupied.add(new OccupiedRange(owner, Cidr.parse(range)));
                } catch (IllegalArgumentException e) {
                    err.println("--occupied " + e.getMessage());
                    return USAGE;
                }
            } else if (arg.startsWith("-")) {
                err.println("unknown option '" + arg + "'\n" + usage());
                return USAGE;
            } else if (file != null) {
                err.println("one topology file at a time, got '" + file + "' and '" + arg + "'\n" + usage());
                return USAGE;
            } else {
                file = arg;
            }
        }
        if (file == null) {
            err.println("no topology file given\n" + usage());
            return USAGE;
        }
        try {
            MeshTopology topology = TopologyLoader.load(Path.of(file), occupied);
            out.println("Topology " + file + " is valid: " + topology.clusters().size() + " clusters, primary '"
                    + topology.primary().name() + "', " + topology.remotes().size() + " remote"
                    + (topology.remotes().size() == 1 ? "" : "s"));
            out.print(table(topology));
            out.print(networks(topology));
            return VALID;
        } catch (InvalidTopologyException e) {
            out.println(e.getMessage());
            return INVALID;
        } catch (InvalidPathException e) {
            out.println("Topology " + file + " is invalid (1 problem):\n  - file: not a usable path ("
                    + e.getReason() + ")");
            return INVALID;
        }
    }

    static String table(MeshTopology topology) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"CLUSTER", "ROLE", "NETWORK", "POD CIDR", "SERVICE CIDR", "CLUSTER DNS"});
        for (ClusterSpec c : topology.clusters()) {
            rows.add(new String[] {c.name(), c.role().yamlName(), c.network(), c.podCidr().toString(),
                    c.serviceCidr().toString(), c.clusterDnsText()});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                line.append(String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }

    /**
     * On several networks, what the run plans between them: each cluster on a network without the primary gets an
     * east-west gateway, and no route joins pod ranges of different networks. Nothing on one network.
     */
    static String networks(MeshTopology topology) {
        StringBuilder text = new StringBuilder();
        for (ClusterSpec cluster : topology.clusters()) {
            if (IstioPlan.ownsNetworkGateway(cluster, topology.primary())) {
                text.append("  network '").append(cluster.network()).append("': reached through the east-west gateway"
                        + " the run installs in '").append(cluster.name()).append("' (port ")
                        .append(NetworkGateways.DEFAULT_PORT).append("); its pods are not routed from other networks\n");
            }
        }
        return text.toString();
    }

    static String usage() {
        return "usage: bin/validate-topology [--occupied CIDR[=owner]]... FILE\n"
                + "  FILE        topology YAML, e.g. fixtures/topologies/default.yaml\n"
                + "  --occupied  a range no cluster CIDR may overlap (e.g. the Docker network's subnet);"
                + " repeatable\n"
                + "exit status: 0 valid, 2 invalid (every problem on its own line), 1 usage error";
    }
}
