package io.meshconformance.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;

import org.junit.jupiter.api.Test;

/** A failure in words: its first line, the innermost cause when that says more, its class when it says nothing. */
class CausesTest {

    @Test
    void theFirstLineAndTheInnermostCause() {
        assertEquals("An error has occurred. (ConnectException: Connection refused)", Causes.describe(
                new IllegalStateException("An error has occurred.\nmore", new IOException("x",
                        new ConnectException("Connection refused")))));
        assertEquals("NullPointerException", Causes.describe(new NullPointerException()));
        assertEquals("refused: Connection refused", Causes.describe(new IllegalStateException(
                "refused: Connection refused", new ConnectException("Connection refused"))));
    }

    @Test
    void aChainThatLoopsEndsAtItsLastNewCause() {
        IllegalStateException a = new IllegalStateException("outer");
        IllegalArgumentException b = new IllegalArgumentException("inner");
        a.initCause(b);
        b.initCause(a);
        assertEquals("outer (IllegalArgumentException: inner)", Causes.describe(a));
    }

    @Test
    void theFirstLineEndsAtAnyLineBreak() {
        assertEquals("Connection refused", Causes.firstLine("Connection refused\r\n at line 2"));
        assertEquals("one", Causes.firstLine("one\rtwo"));
        assertEquals("", Causes.firstLine(""));
        assertEquals("Windows line (IOException: cause)", Causes.describe(
                new IllegalStateException("Windows line\r\nrest", new IOException("cause"))));
    }
}
