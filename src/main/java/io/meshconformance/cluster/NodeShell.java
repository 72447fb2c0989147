package io.meshconformance.cluster;

/**
 * Runs a command on a cluster's node. For k3s the node is the k3s container; in the Docker-tier tests it is a
 * small busybox container standing in for it. Both reach it through Docker exec.
 */
@FunctionalInterface
public interface NodeShell {

    /** Result of one command. */
    record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        public String output() {
            return (stdout + (stderr.isBlank() ? "" : "\n" + stderr)).trim();
        }
    }

    Result exec(String... command) throws Exception;
}
