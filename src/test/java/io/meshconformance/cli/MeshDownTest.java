package io.meshconformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.github.dockerjava.api.DockerClient;
import io.meshconformance.cli.MeshDown.Action;
import io.meshconformance.cli.MeshDown.Command;
import io.meshconformance.cluster.KeptMesh;
import io.meshconformance.cluster.KeptMeshes.Found;
import io.meshconformance.cluster.KeptMeshes.Node;
import io.meshconformance.cluster.MeshFingerprint;
import org.junit.jupiter.api.Test;

/**
 * Unit tier: bin/mesh-down's arguments, which kept mesh an argument names, what it prints, and its exit codes when
 * the input is bad or no engine answers (the Docker tier, KeptMeshesDockerTest, runs it against a real engine).
 */
class MeshDownTest {

    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    static final Supplier<Optional<DockerClient>> UNTOUCHED = () -> {
        throw new AssertionError("Docker must not be asked for");
    };

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(Supplier<Optional<DockerClient>> docker, String... args) {
        return MeshDown.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), docker);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    static Found found(String run, String k3sImage, Instant created, boolean sealed) {
        MeshFingerprint fingerprint = new MeshFingerprint(Map.of("k3s.image", k3sImage));
        Optional<KeptMesh> record = sealed ? Optional.of(new KeptMesh(fingerprint.hash(), fingerprint.parts(), "0.1.0",
                run, created, List.of("Istio in 'primary'"), Map.of(), run, created, 1)) : Optional.empty();
        return new Found(fingerprint.hash(), run, "0.1.0", created,
                List.of(new Node("primary", "p" + run, "mesh-" + run + "-primary", "running"),
                        new Node("remote", "r" + run, "mesh-" + run + "-remote", "exited")),
                List.of("mesh-" + run + "-net"), record);
    }

    @Test
    void argumentsAreReadAsListAllOrOneTarget() {
        assertEquals(new Command(Action.LIST, Optional.empty()), MeshDown.parse(new String[0]));
        assertEquals(new Command(Action.REMOVE_ALL, Optional.empty()), MeshDown.parse(new String[] {"--all"}));
        assertEquals(new Command(Action.REMOVE_ONE, Optional.of("3f2a")), MeshDown.parse(new String[] {"3f2a"}));
        assertEquals(new Command(Action.HELP, Optional.empty()), MeshDown.parse(new String[] {"-h"}));
        assertEquals(new Command(Action.HELP, Optional.empty()), MeshDown.parse(new String[] {"--all", "--help"}));
    }

    @Test
    void badArgumentsAreNamed() {
        assertEquals("unknown option '--force'",
                assertThrows(IllegalArgumentException.class, () -> MeshDown.parse(new String[] {"--force"})).getMessage());
        assertEquals("one kept mesh at a time, got 'a1b2' and 'c3d4' (--all removes every one)",
                assertThrows(IllegalArgumentException.class, () -> MeshDown.parse(new String[] {"a1b2", "c3d4"}))
                        .getMessage());
        assertEquals("--all removes every kept mesh; give --all or 'a1b2', not both",
                assertThrows(IllegalArgumentException.class, () -> MeshDown.parse(new String[] {"a1b2", "--all"}))
                        .getMessage());
        assertEquals("an empty argument names no kept mesh",
                assertThrows(IllegalArgumentException.class, () -> MeshDown.parse(new String[] {" "})).getMessage());
    }

    @Test
    void aBadFlagExitsTwoWithTheUsageAndNeverAsksDocker() {
        assertEquals(MeshDown.USAGE, run(UNTOUCHED, "--everything"));
        assertTrue(err().startsWith("bin/mesh-down: unknown option '--everything'\nusage: bin/mesh-down"), err());
        assertEquals("", out());
    }

    @Test
    void helpPrintsTheUsageAndNeverAsksDocker() {
        assertEquals(MeshDown.DONE, run(UNTOUCHED, "--help"));
        assertTrue(out().startsWith("usage: bin/mesh-down [--all | FINGERPRINT | RUN-ID]"), out());
        assertTrue(out().contains("exit status: 0 done, 1 Docker refused a removal, 2 usage error or no kept mesh"
                + " matches, 3 no usable Docker engine"), out());
    }

    @Test
    void withoutAnEngineItExitsThreeSayingHowToStartOne() {
        for (String[] args : List.of(new String[0], new String[] {"--all"}, new String[] {"a1b2"})) {
            out.reset();
            err.reset();
            assertEquals(MeshDown.NO_DOCKER, run(Optional::empty, args));
            assertEquals(MeshDown.NO_ENGINE + "\n", err());
            assertTrue(err().contains("start one with bin/start-docker"), err());
            assertEquals("", out());
        }
    }

    @Test
    void anEngineThatCannotBeUsedExitsThreeWithWhatItSaid() {
        assertEquals(MeshDown.NO_DOCKER, run(() -> {
            throw new IllegalStateException("permission denied on /var/run/docker.sock");
        }));
        assertTrue(err().contains("a Docker engine answers but cannot be used (permission denied on"
                + " /var/run/docker.sock)"), err());
    }

    @Test
    void aRunIdOrFourOrMoreFirstCharactersOfAFingerprintNameAMesh() {
        Found a = found("20261202-1000-aaaa", "k3s:a", NOW, true);
        Found b = found("20261202-1100-bbbb", "k3s:b", NOW, false);
        List<Found> kept = List.of(a, b);
        assertEquals(List.of(b), MeshDown.select("20261202-1100-bbbb", kept, NOW));
        assertEquals(List.of(a), MeshDown.select(a.fingerprint().substring(0, 4), kept, NOW));
        assertEquals(List.of(a), MeshDown.select(a.fingerprint().toUpperCase(), kept, NOW));
    }

    @Test
    void twoMeshesOfOneFingerprintAreBothNamedByIt() {
        Found older = found("20261202-1000-aaaa", "k3s:a", NOW.minusSeconds(600), false);
        Found newer = found("20261202-1100-bbbb", "k3s:a", NOW, true);
        assertEquals(List.of(newer, older), MeshDown.select(newer.fingerprint(), List.of(newer, older), NOW));
    }

    @Test
    void aTooShortPrefixAnAmbiguousOneAndNoMatchAreRefusedNamingTheArgument() {
        Found a = found("r-a", "k3s:a", NOW, true);
        Found b = found("r-b", "k3s:b", NOW, true);
        String short3 = a.fingerprint().substring(0, 3);
        assertEquals("'" + short3 + "' is too short to name a kept mesh by its fingerprint: give at least 4 of its"
                + " characters, or the run id", assertThrows(IllegalArgumentException.class,
                () -> MeshDown.select(short3, List.of(a, b), NOW)).getMessage());

        // Two fingerprints with the same first 4 characters, made up: the rule, not the odds, is under test.
        Found c = new Found(a.fingerprint().substring(0, 4) + "000000000000", "r-c", "0.1.0", NOW, a.nodes(),
                a.networks(), Optional.empty());
        String prefix = a.fingerprint().substring(0, 4);
        String ambiguous = assertThrows(IllegalArgumentException.class,
                () -> MeshDown.select(prefix, List.of(a, c), NOW)).getMessage();
        assertEquals("'" + prefix + "' starts the fingerprints of several kept meshes (" + a.fingerprint() + ", "
                + c.fingerprint() + "): give more of the fingerprint, or the run id", ambiguous);

        String none = assertThrows(IllegalArgumentException.class,
                () -> MeshDown.select("zzzz", List.of(a, b), NOW)).getMessage();
        assertTrue(none.startsWith("no kept mesh matches 'zzzz' (a fingerprint, 4 or more of its first characters,"
                + " or a run id); kept here:\n" + a.fingerprint() + "  made by run r-a"), none);
        assertTrue(none.contains(b.fingerprint() + "  made by run r-b"), none);
        assertFalse(none.endsWith("\n"), "printed as one message, without a blank line after it");
        assertEquals("no kept mesh matches 'zzzz' (a fingerprint, 4 or more of its first characters, or a run id);"
                + " none are kept on this Docker engine", assertThrows(IllegalArgumentException.class,
                () -> MeshDown.select("zzzz", List.of(), NOW)).getMessage());
    }

    @Test
    void theListingShowsEveryMeshOrSaysThereIsNone() {
        assertEquals("no kept meshes on this Docker engine\n", MeshDown.listing(List.of(), NOW));
        Found sealed = found("r-a", "k3s:a", NOW.minus(Duration.ofMinutes(3)), true);
        Found unsealed = found("r-b", "k3s:b", NOW.minus(Duration.ofHours(26)), false);
        String listing = MeshDown.listing(List.of(sealed, unsealed), NOW);
        assertEquals("2 kept meshes on this Docker engine, newest first:\n" + sealed.describe(NOW)
                + unsealed.describe(NOW) + "Remove one with 'bin/mesh-down FINGERPRINT' (4 or more of its first"
                + " characters) or 'bin/mesh-down RUN-ID', all with 'bin/mesh-down --all'.\n", listing);
        assertTrue(listing.contains("made by run r-b 1 d 2 h ago (harness 0.1.0), unsealed (no record"), listing);
        assertTrue(listing.contains("remote (mesh-r-a-remote, exited)"), listing);
        assertTrue(MeshDown.listing(List.of(sealed), NOW).startsWith("1 kept mesh on this Docker engine"));
    }

    @Test
    void aRemovalNamesWhatWasRemoved() {
        Found kept = found("r-a", "k3s:a", NOW.minus(Duration.ofMinutes(3)), true);
        assertEquals("removed kept mesh " + kept.fingerprint() + " of run r-a, made 3 min ago (containers"
                + " mesh-r-a-primary, mesh-r-a-remote; network mesh-r-a-net)", MeshDown.removed(kept, NOW));
    }
}
