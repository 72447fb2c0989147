package io.meshconformance.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import com.github.dockerjava.api.DockerClient;
import io.meshconformance.cluster.DockerAvailability;
import io.meshconformance.cluster.KeptMeshes;
import io.meshconformance.cluster.KeptMeshes.Found;
import io.meshconformance.cluster.KeptMeshes.Node;

/**
 * {@code bin/mesh-down}: lists the meshes kept on this Docker engine for reuse (mesh.reuse), and removes all of them
 * or the one named by its fingerprint or run id. Only containers and networks labelled {@value KeptMeshes#REUSE_LABEL}
 * are touched; a run's throwaway clusters and anything else on the engine never are. Exit 0 done, 1 Docker refused a
 * removal (or the listing), 2 usage error or no kept mesh matches, 3 no usable Docker engine.
 */
public final class MeshDown {

    static final int DONE = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int NO_DOCKER = 3;

    /** The fewest characters of a fingerprint that name a mesh: fewer would too easily name the wrong one. */
    static final int SHORTEST_PREFIX = 4;

    static final String NO_ENGINE = "bin/mesh-down: no Docker engine answers (DOCKER_HOST, /var/run/docker.sock or"
            + " the Testcontainers configuration), so no kept mesh can be listed or removed: start one with"
            + " bin/start-docker, or point DOCKER_HOST at the engine that keeps the meshes";

    enum Action { LIST, REMOVE_ALL, REMOVE_ONE, HELP }

    /** What the arguments ask for; {@code target} is the fingerprint (prefix) or run id of {@link Action#REMOVE_ONE}. */
    record Command(Action action, Optional<String> target) {
    }

    private MeshDown() {
    }

    public static void main(String[] args) {
        int status;
        try (Engine engine = new Engine()) {
            status = run(args, System.out, System.err, engine::connect);
        }
        System.exit(status);
    }

    /**
     * Runs the command {@code args} give; returns the exit code.
     *
     * @param docker the engine's client, asked for only when the arguments are good; empty when no engine answers
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Supplier<Optional<DockerClient>> docker) {
        Command command;
        try {
            command = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("bin/mesh-down: " + e.getMessage() + "\n" + usage());
            return USAGE;
        }
        if (command.action() == Action.HELP) {
            out.println(usage());
            return DONE;
        }
        Optional<DockerClient> client;
        try {
            client = docker.get();
        } catch (RuntimeException e) {
            err.println("bin/mesh-down: a Docker engine answers but cannot be used (" + e.getMessage() + "): check"
                    + " that 'docker info' works for this user, and DOCKER_HOST");
            return NO_DOCKER;
        }
        if (client.isEmpty()) {
            err.println(NO_ENGINE);
            return NO_DOCKER;
        }
        KeptMeshes meshes = new KeptMeshes(client.get());
        Instant now = Instant.now();
        List<Found> kept;
        try {
            kept = meshes.list();
        } catch (RuntimeException e) {
            err.println("bin/mesh-down: Docker did not list the kept meshes: " + e.getMessage());
            return FAILED;
        }
        List<Found> doomed;
        switch (command.action()) {
            case LIST -> {
                out.print(listing(kept, now));
                return DONE;
            }
            case REMOVE_ALL -> doomed = kept;
            default -> {
                try {
                    doomed = select(command.target().orElseThrow(), kept, now);
                } catch (IllegalArgumentException e) {
                    err.println("bin/mesh-down: " + e.getMessage());
                    return USAGE;
                }
            }
        }
        if (doomed.isEmpty()) {
            out.println("no kept meshes on this Docker engine: nothing to remove");
            return DONE;
        }
        int status = DONE;
        for (Found found : doomed) {
            try {
                meshes.remove(found);
                out.println(removed(found, now));
            } catch (RuntimeException e) {
                err.println("bin/mesh-down: " + e.getMessage());
                status = FAILED;
            }
        }
        return status;
    }

    /**
     * Reads the arguments: none (list), {@code --all}, one fingerprint or run id, or {@code -h}/{@code --help}.
     *
     * @throws IllegalArgumentException saying what is wrong with them
     */
    static Command parse(String[] args) {
        boolean all = false;
        String target = null;
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help")) {
                return new Command(Action.HELP, Optional.empty());
            } else if (arg.equals("--all")) {
                all = true;
            } else if (arg.startsWith("-")) {
                throw new IllegalArgumentException("unknown option '" + arg + "'");
            } else if (arg.isBlank()) {
                throw new IllegalArgumentException("an empty argument names no kept mesh");
            } else if (target != null) {
                throw new IllegalArgumentException("one kept mesh at a time, got '" + target + "' and '" + arg
                        + "' (--all removes every one)");
            } else {
                target = arg;
            }
        }
        if (all && target != null) {
            throw new IllegalArgumentException("--all removes every kept mesh; give --all or '" + target + "', not"
                    + " both");
        }
        return all ? new Command(Action.REMOVE_ALL, Optional.empty())
                : target == null ? new Command(Action.LIST, Optional.empty())
                : new Command(Action.REMOVE_ONE, Optional.of(target));
    }

    /**
     * The kept meshes {@code target} names: the one made by that run, or those whose fingerprint starts with it (at
     * least {@value #SHORTEST_PREFIX} characters; several only when they share the whole fingerprint).
     *
     * @throws IllegalArgumentException naming the target and listing what is kept, when it names none or is ambiguous
     */
    static List<Found> select(String target, List<Found> kept, Instant now) {
        List<Found> byRun = kept.stream().filter(f -> f.madeBy().equals(target)).toList();
        if (!byRun.isEmpty()) {
            return byRun;
        }
        String prefix = target.toLowerCase(Locale.ROOT);
        List<Found> byFingerprint = kept.stream().filter(f -> !f.fingerprint().isEmpty()
                && f.fingerprint().startsWith(prefix)).toList();
        if (!byFingerprint.isEmpty() && prefix.length() < SHORTEST_PREFIX) {
            throw new IllegalArgumentException("'" + target + "' is too short to name a kept mesh by its fingerprint:"
                    + " give at least " + SHORTEST_PREFIX + " of its characters, or the run id");
        }
        List<String> fingerprints = byFingerprint.stream().map(Found::fingerprint).distinct().toList();
        if (fingerprints.size() > 1) {
            throw new IllegalArgumentException("'" + target + "' starts the fingerprints of several kept meshes ("
                    + String.join(", ", fingerprints) + "): give more of the fingerprint, or the run id");
        }
        if (byFingerprint.isEmpty()) {
            throw new IllegalArgumentException("no kept mesh matches '" + target + "' (a fingerprint, " + SHORTEST_PREFIX
                    + " or more of its first characters, or a run id); "
                    + (kept.isEmpty() ? "none are kept on this Docker engine" : "kept here:\n" + describe(kept, now).stripTrailing()));
        }
        return byFingerprint;
    }

    /** What bin/mesh-down prints without arguments. */
    static String listing(List<Found> kept, Instant now) {
        if (kept.isEmpty()) {
            return "no kept meshes on this Docker engine\n";
        }
        return kept.size() + " kept mesh" + (kept.size() == 1 ? "" : "es") + " on this Docker engine, newest first:\n"
                + describe(kept, now)
                + "Remove one with 'bin/mesh-down FINGERPRINT' (" + SHORTEST_PREFIX + " or more of its first characters)"
                + " or 'bin/mesh-down RUN-ID', all with 'bin/mesh-down --all'.\n";
    }

    private static String describe(List<Found> kept, Instant now) {
        StringBuilder text = new StringBuilder();
        kept.forEach(found -> text.append(found.describe(now)));
        return text.toString();
    }

    /** "removed kept mesh H of run R (containers a, b; network n)". */
    static String removed(Found found, Instant now) {
        List<String> parts = new ArrayList<>();
        if (!found.nodes().isEmpty()) {
            parts.add("containers " + String.join(", ", found.nodes().stream().map(Node::name).toList()));
        }
        if (!found.networks().isEmpty()) {
            parts.add("network " + String.join(", ", found.networks()));
        }
        return "removed kept mesh " + found.fingerprint() + " of run " + found.madeBy() + ", made " + found.age(now)
                + " ago (" + String.join("; ", parts) + ")";
    }

    static String usage() {
        return "usage: bin/mesh-down [--all | FINGERPRINT | RUN-ID]\n"
                + "  (none)       list the meshes kept on this Docker engine for reuse (mesh.reuse): fingerprint, run,\n"
                + "               age, harness, clusters and their states, what they hold\n"
                + "  FINGERPRINT  remove the kept mesh of this fingerprint (" + SHORTEST_PREFIX + " or more of its first"
                + " characters)\n"
                + "  RUN-ID       remove the kept mesh made by this run\n"
                + "  --all        remove every kept mesh listed\n"
                + "Only containers and networks labelled " + KeptMeshes.REUSE_LABEL + " are removed.\n"
                + "exit status: 0 done, 1 Docker refused a removal, 2 usage error or no kept mesh matches, 3 no usable"
                + " Docker engine";
    }

    /**
     * The engine's client, made when first asked for and closed at the end. A client of its own to the engine
     * Testcontainers finds (only Testcontainers' transport configuration is taken, which starts nothing):
     * Testcontainers' shared client would start Ryuk and work out the Docker host's address (with an alpine
     * container where the engine's bridge network has no gateway), none of which listing and removing needs.
     */
    private static final class Engine implements AutoCloseable {
        private DockerClient client;

        Optional<DockerClient> connect() {
            if (!DockerAvailability.available()) {
                return Optional.empty();
            }
            client = DockerAvailability.plainClient();
            return Optional.of(client);
        }

        @Override
        public void close() {
            if (client != null) {
                try {
                    client.close();
                } catch (IOException e) {
                    // the process ends next: nothing left to release
                }
            }
        }
    }
}
