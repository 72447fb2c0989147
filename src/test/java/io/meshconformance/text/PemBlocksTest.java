package io.meshconformance.text;

import static io.meshconformance.text.FakeSecrets.base64;
import static io.meshconformance.text.FakeSecrets.begin;
import static io.meshconformance.text.FakeSecrets.end;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/**
 * PEM blocks alone: whole, unterminated (cut after BEGIN), orphaned (cut before END), escaped. The blocks are
 * assembled at run time from bodies that decode to "fake ..." ({@link FakeSecrets}).
 */
class PemBlocksTest {

    static final String CERT = "CERTIFICATE";
    static final String EC_KEY = "EC PRIVATE KEY";
    static final String RSA_KEY = "RSA PRIVATE KEY";
    static final String KEY = "PRIVATE KEY";
    /** Two lines of base64, as a PEM body is written. */
    static final String BODY = base64("fake key material, not") + "\n" + base64("a key at all, for tests");
    static final String LINE = base64("fake body line");
    static final String SHORT = base64("fake");

    @Test
    void aWholeBlockLosesItsBody() {
        assertEquals("a " + begin(CERT) + " <redacted> " + end(CERT) + " b\n"
                        + begin(EC_KEY) + " <redacted> " + end(EC_KEY),
                PemBlocks.apply("a " + begin(CERT) + "\n" + BODY + "\n" + end(CERT) + " b\n"
                        + begin(EC_KEY) + "\n" + BODY + "\n" + end(EC_KEY)));
        String plain = "no dashes here";
        assertSame(plain, PemBlocks.apply(plain));
        assertEquals("----- not a block -----", PemBlocks.apply("----- not a block -----"));
    }

    @Test
    void aBlockCutAfterItsBeginLosesTheBase64ThatFollows() {
        assertEquals(begin(RSA_KEY) + " <redacted>\nnext: line",
                PemBlocks.apply(begin(RSA_KEY) + "\n" + BODY + "\nnext: line"));
        assertEquals("key: |\n  " + begin(KEY) + " <redacted>\nname: kept",
                PemBlocks.apply("key: |\n  " + begin(KEY) + "\n  " + LINE + "\n  " + SHORT + "\nname: kept"));
        assertEquals("\"" + begin(CERT) + " <redacted>\\r\\n\"}",
                PemBlocks.apply("\"" + begin(CERT) + "\\n" + LINE + "\\n" + SHORT + "\\r\\n\"}"));
        assertEquals(begin(CERT) + " <redacted>\n" + begin("X") + " <redacted> " + end("X"),
                PemBlocks.apply(begin(CERT) + "\n" + LINE + "\n" + begin("X") + "\n" + SHORT + "\n" + end("X")));
        assertEquals(begin("x".repeat(100)), PemBlocks.apply(begin("x".repeat(100))));
        assertEquals("-----BEGIN X", PemBlocks.apply("-----BEGIN X"));
        assertEquals("\"" + begin("X") + " <redacted>\\",
                PemBlocks.apply("\"" + begin("X") + "\\n" + LINE + "\\n" + SHORT + "\\"));
        assertEquals("\"" + begin("X") + " <redacted>\\\n... (9 more)",
                PemBlocks.apply("\"" + begin("X") + "\\n" + LINE + "\\n" + SHORT + "\\\n... (9 more)"));
    }

    @Test
    void aBlockCutBeforeItsEndLosesTheBase64LinesBeforeIt() {
        assertEquals("log\n<redacted>\n" + end(CERT), PemBlocks.apply("log\n" + BODY + "\n" + end(CERT)));
        assertEquals("  <redacted>\r\n  " + end("X"), PemBlocks.apply("  " + LINE + "\r\n  " + SHORT + "\r\n  "
                + end("X")));
        assertEquals("\"<redacted>\\n" + end("X") + "\"", PemBlocks.apply("\"" + LINE + "\\n" + SHORT + "\\n"
                + end("X") + "\""));
        assertEquals("loaded key <redacted>\n" + end("X"), PemBlocks.apply("loaded key " + LINE + "\n" + end("X")));
        assertEquals("a b\nabc\n" + end("X"), PemBlocks.apply("a b\nabc\n" + end("X")));
        assertEquals(end("X"), PemBlocks.apply(end("X")));
        assertEquals(begin("X") + " <redacted> " + end("X") + "\n" + end("X"),
                PemBlocks.apply(begin("X") + "\n" + SHORT + "\n" + end("X") + "\n" + end("X")));
    }
}
