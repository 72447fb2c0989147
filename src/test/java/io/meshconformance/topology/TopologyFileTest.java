package io.meshconformance.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topology files that are not what they seem: too large, not UTF-8, not a regular file, two documents in one. Each is
 * refused in words with the fix, within seconds; the pathological files are made here, at run time.
 */
class TopologyFileTest {

    /** Far more than any of these takes; generous for a loaded two-core machine. */
    static final Duration BOUND = Duration.ofSeconds(10);
    static final String VALID = "clusters:\n"
            + TopologyLoaderTest.cluster("primary", "primary", "network1", "10.10.0.0/16", "10.255.10.0/24",
                    "10.255.10.10")
            + TopologyLoaderTest.cluster("remote", "remote", "network1", "10.20.0.0/16", "10.255.20.0/24",
                    "10.255.20.10");

    @TempDir
    Path dir;

    /** The one problem of {@code file}, found within {@link #BOUND}. */
    TopologyProblem onlyProblem(Path file) {
        InvalidTopologyException e = assertTimeoutPreemptively(BOUND,
                () -> assertThrows(InvalidTopologyException.class, () -> TopologyLoader.load(file)));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals(file.toString(), e.source());
        return e.problems().get(0);
    }

    String refusal(Path file) {
        TopologyProblem problem = onlyProblem(file);
        assertEquals("file", problem.where());
        return problem.what();
    }

    Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void aTwentyMegabyteScalarIsRefusedBeforeItIsParsed() throws IOException {
        Path file = dir.resolve("huge.yaml");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("clusters: ".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "a".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 20; i++) {
                out.write(chunk);
            }
        }
        assertEquals("is 20971530 bytes, more than the 1 MiB this harness reads (a topology is a few hundred bytes);"
                + " pass a topology YAML file, e.g. fixtures/topologies/default.yaml", refusal(file));
    }

    @Test
    void oneLongValueJustUnderTheSizeLimitIsRefusedQuicklyToo() throws IOException {
        String text = "clusters: " + "a".repeat(TopologyLoader.MAX_FILE_BYTES - 20) + "\n";
        String what = refusal(write("long.yaml", text.getBytes(StandardCharsets.US_ASCII)));
        assertTrue(what.startsWith("has a key or value longer than 1024 characters (line 1)"), what);
    }

    @Test
    void threeThousandClustersAreRefusedWithTheLimitInsteadOfRunningOutOfMemory() throws IOException {
        StringBuilder text = new StringBuilder("clusters:\n");
        for (int i = 0; i < 3000; i++) {
            text.append(TopologyLoaderTest.cluster("c" + i, i == 0 ? "primary" : "remote", "network1",
                    "10.10.0.0/16", "10.255.10.0/24", "10.255.10.10"));
        }
        TopologyProblem problem = onlyProblem(write("many.yaml", text.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals("clusters", problem.where());
        assertTrue(problem.what().startsWith("lists 3000 clusters, more than the 64 this harness takes (a"
                + " primary-remote mesh has one primary and a few remotes"), problem.what());
    }

    @Test
    void sixtyFourClustersOnOneRangeListTheFirstProblemsAndCountTheRest() throws IOException {
        StringBuilder text = new StringBuilder("clusters:\n");
        for (int i = 0; i < TopologyValidator.MAX_CLUSTERS; i++) {
            text.append(TopologyLoaderTest.cluster("c" + i, i == 0 ? "primary" : "remote", "network1",
                    "10.10.0.0/16", "10.255.10.0/24", "10.255.10.10"));
        }
        Path file = write("overlaps.yaml", text.toString().getBytes(StandardCharsets.UTF_8));
        InvalidTopologyException e = assertTimeoutPreemptively(BOUND,
                () -> assertThrows(InvalidTopologyException.class, () -> TopologyLoader.load(file)));
        int all = e.problems().size();
        assertEquals(64 * 63 / 2 * 2, all, "the pod ranges overlap pairwise, and so do the service ranges");
        List<String> lines = e.getMessage().lines().toList();
        assertEquals(2 + InvalidTopologyException.MAX_SHOWN, lines.size());
        assertEquals("Topology " + file + " is invalid (" + all + " problems):", lines.get(0));
        assertEquals("  ... and " + (all - InvalidTopologyException.MAX_SHOWN) + " more problems", lines.get(31));
    }

    @Test
    void utf16WithAByteOrderMarkIsNamedWithTheConversion() throws IOException {
        Path file = write("utf16.yaml", VALID.getBytes(StandardCharsets.UTF_16));
        assertEquals("is UTF-16 text (it starts with a UTF-16 byte order mark), but only UTF-8 is read; save it as"
                + " UTF-8 (e.g. iconv -f UTF-16 -t UTF-8 '" + file + "' > converted.yaml) and pass that",
                refusal(file));
    }

    @Test
    void utf16WithoutAByteOrderMarkIsRecognisedByItsNuls() throws IOException {
        assertTrue(refusal(write("le.yaml", VALID.getBytes(StandardCharsets.UTF_16LE))).startsWith("is UTF-16LE text"
                + " without a byte order mark (every other byte is NUL), but only UTF-8 is read; save it as UTF-8"
                + " (e.g. iconv -f UTF-16LE -t UTF-8 "));
        assertTrue(refusal(write("be.yaml", VALID.getBytes(StandardCharsets.UTF_16BE))).startsWith("is UTF-16BE"));
    }

    @Test
    void aNulByteIsNamedWithItsLine() throws IOException {
        byte[] bytes = VALID.replace("network: network1", "network: net\0work1").getBytes(StandardCharsets.UTF_8);
        assertEquals("contains a NUL byte (line 4), so it is binary or damaged, not text; pass a topology YAML file,"
                + " e.g. fixtures/topologies/default.yaml", refusal(write("nul.yaml", bytes)));
    }

    @Test
    void anotherEncodingIsNamedWithTheByteAndItsLine() throws IOException {
        byte[] bytes = ("# r\u00e9seau\n" + VALID).getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("is not UTF-8 text: the byte 0xE9 on line 1 is not valid UTF-8 (the file is in another"
                + " encoding, such as Latin-1); save it as UTF-8 and pass that", refusal(write("latin1.yaml", bytes)));
    }

    @Test
    void aUtf8ByteOrderMarkIsAllowed() throws IOException {
        byte[] text = VALID.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[text.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(text, 0, bytes, 3, text.length);
        assertEquals(2, TopologyLoader.load(write("bom.yaml", bytes)).clusters().size());
    }

    @Test
    void aSecondDocumentIsRefusedSayingOnlyOneIsRead() throws IOException {
        String what = refusal(write("two.yaml", (VALID + "---\n" + VALID).getBytes(StandardCharsets.UTF_8)));
        assertEquals("holds more than one YAML document: a second one begins with '---' on line 14, but a topology is"
                + " one document and only one is read; remove that '---' and what follows, or move it to a file of"
                + " its own", what);
        assertTrue(refusal(write("trailing.yaml", ("---\n" + VALID + "---\n").getBytes(StandardCharsets.UTF_8)))
                .startsWith("holds more than one YAML document"));
    }

    @Test
    void aDuplicateKeyIsNamedWithItsLine() throws IOException {
        byte[] bytes = VALID.replace("    role: remote\n", "    role: remote\n    role: primary\n")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals("has the key 'role' twice in one mapping (line 10); another reader could take either"
                + " value: keep one of them", refusal(write("dup.yaml", bytes)));
    }

    @Test
    void aControlCharacterIsNamedWithItsPlace() {
        InvalidTopologyException e = assertThrows(InvalidTopologyException.class,
                () -> TopologyLoader.parse(VALID.replace("name: remote", "name: re\u0007mote"), "inline", List.of()));
        assertEquals("contains the control character U+0007 (line 8, column 13), which YAML does not allow in a"
                + " document; remove it, or save the file again as plain UTF-8 text", e.problems().get(0).what());
    }

    @Test
    void aSymbolicLinkLoopIsCalledALoop() throws IOException {
        Path a = dir.resolve("a.yaml");
        Files.createSymbolicLink(a, dir.resolve("b.yaml"));
        Files.createSymbolicLink(dir.resolve("b.yaml"), a);
        assertEquals("is a symbolic link in a loop: it points to '" + dir.resolve("b.yaml") + "', and following the"
                + " links never reaches a file; point it at a topology YAML file, e.g."
                + " fixtures/topologies/default.yaml", refusal(a));
    }

    @Test
    void aDanglingSymbolicLinkNamesItsTarget() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link.yaml"), dir.resolve("gone.yaml"));
        assertEquals("is a symbolic link to '" + dir.resolve("gone.yaml") + "', which does not exist; point it at a"
                + " topology YAML file, e.g. fixtures/topologies/default.yaml", refusal(link));
    }

    @Test
    void aFifoIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("fifo.yaml");
        int made;
        try {
            made = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        } catch (IOException e) {
            made = -1;
        }
        assumeTrue(made == 0, "mkfifo is needed to make a named pipe");
        assertEquals("is a named pipe (FIFO), not a regular file, and reading it could wait forever; save the content"
                + " to a file and pass a topology YAML file, e.g. fixtures/topologies/default.yaml", refusal(fifo));
    }

    @Test
    void aDeviceIsRefusedWithoutReadingIt() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero));
        assertTrue(refusal(zero).startsWith("is a character device, not a regular file"));
    }

    @Test
    void anUnreadableFileNamesTheUser() throws IOException {
        Path file = write("secret.yaml", VALID.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "this user (root?) reads files whatever their permissions");
        assertTrue(refusal(file).startsWith("is not readable by this user ("), refusal(file));
    }
}
