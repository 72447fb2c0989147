package io.meshconformance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.meshconformance.lifecycle.RunId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Settings that name files and directories: a kubeconfig that would confuse its reader, a topology that is no
 * regular file, and results whose kept kubeconfigs would land inside the published results.
 */
class FileSettingsTest {

    static final String KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n"
            + "    server: https://10.0.0.12:6443\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\n"
            + "current-context: c\nusers:\n- name: u\n  user:\n    token: abc\n";
    static final RunId RUN = new RunId("20261125-1350-a1b2");

    @TempDir
    Path dir;

    /** The message of {@code settings}' refusal, within ten seconds. */
    static String refusal(Map<String, String> settings) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(InvalidSettingsException.class,
                () -> MeshSettings.from(SettingSource.of(settings, Map.of())))).getMessage();
    }

    String kubeconfigRefusal(byte[] content) throws IOException {
        Path file = Files.write(dir.resolve("kubeconfig"), content);
        String message = refusal(Map.of(Keys.MODE, "existing", Keys.PRIMARY_KUBECONFIG, file.toString(),
                Keys.REMOTE_KUBECONFIG, file.toString()));
        String prefix = "mesh.primary.kubeconfig = '" + file + "' (from -Dmesh.primary.kubeconfig) ";
        return message.lines().filter(l -> l.startsWith("  - " + prefix)).findFirst()
                .map(l -> l.substring(4 + prefix.length())).orElseThrow(() -> new AssertionError(message));
    }

    @Test
    void aWellFormedKubeconfigIsTaken() throws IOException {
        Path file = Files.writeString(dir.resolve("kubeconfig"), KUBECONFIG);
        assertEquals(file, SettingParsers.kubeconfig(file.toString()));
    }

    @Test
    void aKubeconfigThatIsNotYamlIsLeftToItsReader() throws IOException {
        // ExistingClusterProvider names the file and the parser's reason without repeating the content.
        Path file = Files.writeString(dir.resolve("kubeconfig"), "token: abc\n: : [not yaml\n");
        assertEquals(file, SettingParsers.kubeconfig(file.toString()));
    }

    @Test
    void aUtf16KubeconfigIsNamedWithTheConversion() throws IOException {
        assertTrue(kubeconfigRefusal(KUBECONFIG.getBytes(StandardCharsets.UTF_16)).startsWith("is UTF-16 text (it"
                + " starts with a UTF-16 byte order mark), but only UTF-8 is read; save it as UTF-8"));
        assertTrue(kubeconfigRefusal(KUBECONFIG.getBytes(StandardCharsets.UTF_16LE)).startsWith("is UTF-16LE text"
                + " without a byte order mark"));
    }

    @Test
    void aKubeconfigWithANulByteIsCalledBinary() throws IOException {
        assertEquals("contains a NUL byte (line 6), so it is binary or damaged, not text; pass the kubeconfig kubectl"
                + " uses for that cluster (kubectl config view --raw --minify > FILE)",
                kubeconfigRefusal(KUBECONFIG.replace("10.0.0.12", "10.0\0.0.12").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aKubeconfigOfTwoDocumentsSaysOnlyOneIsRead() throws IOException {
        assertEquals("holds more than one YAML document: a second one begins with '---' on line 17, but a kubeconfig"
                + " is one document and only one is read; remove that '---' and what follows, or move it to a file"
                + " of its own", kubeconfigRefusal((KUBECONFIG + "---\n" + KUBECONFIG).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aKubeconfigWithAKeyTwiceNamesTheKeyAndLine() throws IOException {
        String twice = KUBECONFIG.replace("    server: https://10.0.0.12:6443\n",
                "    server: https://10.0.0.12:6443\n    server: https://10.0.0.13:6443\n");
        assertEquals("has the key 'server' twice in one mapping (line 7); another reader could take either value:"
                + " keep one of them", kubeconfigRefusal(twice.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aHugeKubeconfigIsRefusedBeforeItIsRead() throws IOException {
        Path file = dir.resolve("huge");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("token: ".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "a".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 20; i++) {
                out.write(chunk);
            }
        }
        String message = refusal(Map.of(Keys.MODE, "existing", Keys.PRIMARY_KUBECONFIG, file.toString(),
                Keys.REMOTE_KUBECONFIG, file.toString()));
        assertTrue(message.contains("is 20971527 bytes, more than the 1 MiB this harness reads (a kubeconfig of one"
                + " cluster is a few KiB); pass the kubeconfig kubectl uses for that cluster"), message);
    }

    @Test
    void aDirectoryLoopOrFifoAsKubeconfigIsRefusedWithoutOpeningIt() throws Exception {
        Path loop = dir.resolve("loop");
        Files.createSymbolicLink(loop, loop);
        Path fifo = dir.resolve("fifo");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo makes a FIFO");
        String message = refusal(Map.of(Keys.MODE, "existing", Keys.PRIMARY_KUBECONFIG, fifo.toString(),
                Keys.REMOTE_KUBECONFIG, loop.toString(), Keys.TOPOLOGY, dir.toString()));
        assertTrue(message.contains("mesh.primary.kubeconfig = '" + fifo + "' (from -Dmesh.primary.kubeconfig) is a"
                + " named pipe (FIFO), not a regular file, and reading it could wait forever"), message);
        assertTrue(message.contains("mesh.remote.kubeconfig = '" + loop + "' (from -Dmesh.remote.kubeconfig) is a"
                + " symbolic link in a loop"), message);
        assertTrue(message.contains("mesh.topology = '" + dir + "' (from -Dmesh.topology) is a directory, not a"
                + " file; pass a topology YAML file"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mesh-results/.", "mesh-results/sub/..", "mesh-results/./sub/../", "mesh-results",
        "mesh-results/sub/../.", "other/../mesh-results", "mesh-results//"})
    void keptKubeconfigsNeverLandInsideTheResults(String written) throws IOException {
        Path results = SettingParsers.results(dir + "/" + written);
        assertEquals(dir.resolve("mesh-results"), results, "normalized as read");
        Files.createDirectories(results);
        // The kubeconfig directory as K3sClusterProvider computes it, from the path as the settings hold it and as
        // written: both must lie outside the real results directory.
        for (Path given : new Path[] {results, Path.of(dir + "/" + written)}) {
            Path kubeconfigs = Files.createDirectories(KeptKubeconfigs.directory(given, RUN));
            assertEquals(dir.resolve("mesh-kubeconfigs").resolve(RUN.value()), kubeconfigs);
            assertFalse(kubeconfigs.toRealPath().startsWith(results.toRealPath()), kubeconfigs + " in " + results);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"target/mesh-results/.", "target/mesh-results/sub/..", ".", "./", "..", "a/b/../..",
        "target/mesh-results/x/../../mesh-results"})
    void relativeResultsAreNormalizedAndTheirKubeconfigsLieOutside(String written) {
        Path results = SettingParsers.results(written);
        Path normalized = Path.of(written).normalize();
        assertEquals(normalized.toString().isEmpty() ? Path.of(".") : normalized, results);
        Path absolute = Path.of(written).toAbsolutePath().normalize();
        for (Path given : new Path[] {results, Path.of(written)}) {
            Path kubeconfigs = KeptKubeconfigs.directory(given, RUN);
            assertFalse(kubeconfigs.startsWith(absolute), kubeconfigs + " in " + absolute);
            assertEquals(absolute.resolveSibling("mesh-kubeconfigs"), kubeconfigs.getParent());
        }
    }

    @Test
    void resultsThatLeaveNoPlaceBesideThemAreRefused() {
        assertEquals("is the file system root; the harness writes its results there and kept kubeconfigs beside"
                + " them: give a directory of its own, e.g. target/mesh-results", assertThrows(
                IllegalArgumentException.class, () -> SettingParsers.results("/")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SettingParsers.results("/tmp/.."))
                .getMessage().startsWith("is the file system root"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SettingParsers.results("target/mesh-kubeconfigs/.")).getMessage()
                .startsWith("is named mesh-kubeconfigs, like the directory beside the results"));
        assertThrows(IllegalArgumentException.class, () -> KeptKubeconfigs.directory(Path.of("/"), RUN));
    }

    @Test
    void theSettingsHoldTheNormalizedResults() {
        MeshSettings settings = MeshSettings.from(SettingSource.of(Map.of(Keys.RESULTS, "target/mesh-results/sub/.."),
                Map.of()));
        assertEquals(Path.of("target/mesh-results"), settings.results());
    }
}
