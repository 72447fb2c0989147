package io.meshconformance.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** A piece of evidence that cannot be read says why, in words, and costs only itself. */
class EvidenceTest {

    static Evidence failing(Throwable failure) {
        return Evidence.read("piece", () -> {
            if (failure instanceof Exception e) {
                throw e;
            }
            throw (Error) failure;
        });
    }

    @Test
    void aFailureWithoutAMessageIsNamedByItsClass() {
        assertEquals("could not be read: NullPointerException", failing(new NullPointerException()).text());
        assertEquals("could not be read: connection refused", failing(new IllegalStateException("connection refused"))
                .text());
    }

    /** An error of one reader (a class missing, a stack or heap exhausted by one huge piece) loses no other piece. */
    @Test
    void anErrorOfOneReaderIsThatPiecesFailure() {
        assertEquals("could not be read: StackOverflowError", failing(new StackOverflowError()).text());
        assertEquals("could not be read: Java heap space", failing(new OutOfMemoryError("Java heap space")).text());
        assertEquals("could not be read: io/fabric8/Missing", failing(new NoClassDefFoundError("io/fabric8/Missing"))
                .text());
        assertEquals("could not be read: expected a pod", failing(new AssertionError("expected a pod")).text());
        assertThrows(InternalError.class, () -> failing(new InternalError("the JVM is broken")),
                "a broken JVM is not one piece's failure");
    }

    @Test
    void aFailureWhoseCausesLoopOrWhoseMessageThrowsIsStillSaid() {
        IllegalStateException a = new IllegalStateException("outer");
        IllegalArgumentException b = new IllegalArgumentException("inner");
        a.initCause(b);
        b.initCause(a);
        Evidence looped = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () -> failing(a));
        assertEquals("could not be read: outer (IllegalArgumentException: inner)", looped.text());
        RuntimeException rude = new RuntimeException() {
            @Override
            public String getMessage() {
                throw new UnsupportedOperationException("no");
            }
        };
        assertEquals("could not be read: " + rude.getClass().getName(), failing(rude).text());
    }

    @Test
    void aPieceReadIsRedactedAndCapped() {
        assertEquals("password: <redacted>", Evidence.read("piece", () -> "password: hunter2").text());
        assertEquals("", Evidence.read("piece", () -> null).text());
    }
}
