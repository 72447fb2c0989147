package io.meshconformance.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** PEM blocks alone: whole, unterminated (cut after BEGIN), orphaned (cut before END), escaped. */
class PemBlocksTest {

    static final String BODY = "MIIBszCCAVmgAwIBAgIUX3a9\nQk1vZ2FsbGVyZ2V0cGFzcw==";

    @Test
    void aWholeBlockLosesItsBody() {
        assertEquals("a -----BEGIN CERTIFICATE----- <redacted> -----END CERTIFICATE----- b\n"
                        + "-----BEGIN EC PRIVATE KEY----- <redacted> -----END EC PRIVATE KEY-----",
                PemBlocks.apply("a -----BEGIN CERTIFICATE-----\n" + BODY + "\n-----END CERTIFICATE----- b\n"
                        + "-----BEGIN EC PRIVATE KEY-----\n" + BODY + "\n-----END EC PRIVATE KEY-----"));
        String plain = "no dashes here";
        assertSame(plain, PemBlocks.apply(plain));
        assertEquals("----- not a block -----", PemBlocks.apply("----- not a block -----"));
    }

    @Test
    void aBlockCutAfterItsBeginLosesTheBase64ThatFollows() {
        assertEquals("-----BEGIN RSA PRIVATE KEY----- <redacted>\nnext: line",
                PemBlocks.apply("-----BEGIN RSA PRIVATE KEY-----\n" + BODY + "\nnext: line"));
        assertEquals("key: |\n  -----BEGIN PRIVATE KEY----- <redacted>\nname: kept",
                PemBlocks.apply("key: |\n  -----BEGIN PRIVATE KEY-----\n  MIIBszCCAVmg\n  AwIBAgIU\nname: kept"));
        assertEquals("\"-----BEGIN CERTIFICATE----- <redacted>\\r\\n\"}",
                PemBlocks.apply("\"-----BEGIN CERTIFICATE-----\\nMIIBszCCAVmg\\nAwIBAgIU\\r\\n\"}"));
        assertEquals("-----BEGIN CERTIFICATE----- <redacted>\n-----BEGIN X----- <redacted> -----END X-----",
                PemBlocks.apply("-----BEGIN CERTIFICATE-----\nMIIBszCC\n-----BEGIN X-----\nQUJD\n-----END X-----"));
        assertEquals("-----BEGIN " + "x".repeat(100) + "-----", PemBlocks.apply("-----BEGIN " + "x".repeat(100) + "-----"));
        assertEquals("-----BEGIN X", PemBlocks.apply("-----BEGIN X"));
        assertEquals("\"-----BEGIN X----- <redacted>\\", PemBlocks.apply("\"-----BEGIN X-----\\nQUJDREVG\\nR0hJSktM\\"));
        assertEquals("\"-----BEGIN X----- <redacted>\\\n... (9 more)",
                PemBlocks.apply("\"-----BEGIN X-----\\nQUJDREVG\\nR0hJSktM\\\n... (9 more)"));
    }

    @Test
    void aBlockCutBeforeItsEndLosesTheBase64LinesBeforeIt() {
        assertEquals("log\n<redacted>\n-----END CERTIFICATE-----",
                PemBlocks.apply("log\nMIIBszCCAVmgAwIBAgIUX3a9\nQk1vZ2FsbGVyZ2V0cGFzcw==\n-----END CERTIFICATE-----"));
        assertEquals("  <redacted>\r\n  -----END X-----", PemBlocks.apply("  MIIBszCCAVmg\r\n  QUJDREVG\r\n  -----END X-----"));
        assertEquals("\"<redacted>\\n-----END X-----\"", PemBlocks.apply("\"MIIBszCCAVmg\\nQUJDREVG\\n-----END X-----\""));
        assertEquals("loaded key <redacted>\n-----END X-----",
                PemBlocks.apply("loaded key MIIBszCCAVmgAwIB\n-----END X-----"));
        assertEquals("a b\nabc\n-----END X-----", PemBlocks.apply("a b\nabc\n-----END X-----"));
        assertEquals("-----END X-----", PemBlocks.apply("-----END X-----"));
        assertEquals("-----BEGIN X----- <redacted> -----END X-----\n-----END X-----",
                PemBlocks.apply("-----BEGIN X-----\nQUJD\n-----END X-----\n-----END X-----"));
    }
}
