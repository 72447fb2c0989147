package io.meshconformance.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.meshconformance.lifecycle.Evidence;

/**
 * The edges: URLs that java.net.URI cannot read, cuts through tokens, failures that never escape, and evidence that
 * is cut before it is redacted.
 */
class RedactionLimitsTest {

    final SecretCorpus corpus = new SecretCorpus(7);

    @Test
    void urlsLoseUserInfoAndQueryValuesWhateverTheirShape() {
        assertEquals("https://<redacted>@host/x", Redaction.uriText("https://user:p@ss@host/x"));
        assertEquals("https://<redacted>@host:abc/", Redaction.uriText("https://u:pw@host:abc/"));
        assertEquals("oci://<redacted>@registry.example.com/charts?version=<redacted>",
                Redaction.uri(URI.create("oci://robot:pw@registry.example.com/charts?version=1")));
        assertEquals("pulling https://<redacted>@mirror/v2 and https://<redacted>@h/y?token=<redacted>#top failed",
                Redaction.uriText("pulling https://u:pa/ss@mirror/v2 and https://u:p#w@h/y?token=abc#top failed"));
        assertEquals("https://registry.npmjs.org/@scope/pkg", Redaction.uriText("https://registry.npmjs.org/@scope/pkg"));
        assertEquals("no url here", Redaction.uriText("no url here"));
        assertEquals("pulling https://<redacted>@mirror.example.com:5000/v2 failed",
                Redaction.text("pulling https://robot:@///SIG:@mirror.example.com:5000/v2 failed"));
        assertEquals("https://<redacted>@host/x in a sentence https://plain/y",
                Redaction.text("https://user:pw@host/x in a sentence https://plain/y"));
    }

    @Test
    void aCutThroughATokenLeavesNoPieceOfIt() {
        String jwt = corpus.jwt();
        String text = "log line\ntoken " + jwt + " more";
        for (int max = 20; max < text.length(); max += 17) {
            String head = Redaction.capped(text, max);
            String tail = Redaction.text(Redaction.capTail(text, max));
            for (int i = 0; i + 8 <= jwt.length(); i += 4) {
                String piece = jwt.substring(i, i + 8);
                assertFalse(head.contains(piece), max + ": " + head);
                assertFalse(tail.contains(piece), max + ": " + tail);
            }
        }
        assertEquals("abc\n... (3 more characters left out)", Redaction.cap("abcdef", 3));
    }

    @Test
    void aCutPrefersALineBreakSoThatNoLineIsHalved() {
        String text = "first line\npassword: correct horse battery staple\nlast";
        // A line break within half the cap of the limit is where the cut goes.
        assertEquals("first line\n\n... (43 more characters left out)", Redaction.cap(text, 20));
        assertEquals("(50 earlier characters left out) ...\nlast", Redaction.capTail(text, 8));
        assertEquals("first line\npassword: correct h\n... (24 more characters left out)", Redaction.cap(text, 30));
    }

    /**
     * A one-line Secret (a log line's payload, {@code kubectl get -o json | jq -c}) cut anywhere: neither a short
     * value of its {@code data} nor one of its {@code stringData} survives, wherever the cut goes, through a value
     * or right after it.
     */
    @Test
    void aOneLineSecretCutAnywhereLeavesNoValue() {
        String pin = SecretCorpus.base64("98765432");
        String password = corpus.password();
        String secret = "{\"apiVersion\":\"v1\",\"data\":{\"pin\":\"" + pin + "\"},\"kind\":\"Secret\",\"metadata\":{"
                + "\"name\":\"db\",\"namespace\":\"bookinfo\"},\"stringData\":{\"note\":" + Planted.json(password)
                + "},\"type\":\"Opaque\"}";
        Planted planted = Planted.of("cut secret", secret, pin, password);
        for (int max = 1; max <= secret.length(); max++) {
            String head = Redaction.capped(secret, max);
            assertNull(planted.leak(head), max + ": " + head);
            String line = "2026-11-25T14:00:00Z info applying " + secret.substring(0, max) + "\n";
            assertNull(planted.leak(Redaction.text(line)), max + ": " + Redaction.text(line));
        }
    }

    @Test
    void aRedactionThatFailsSaysSoAndWithholdsTheText() {
        String secret = corpus.jwt();
        assertEquals("<redaction failed (StackOverflowError); " + secret.length() + " characters withheld>",
                Redaction.guarded(secret, t -> {
                    throw new StackOverflowError();
                }));
        assertEquals("<redaction failed (OutOfMemoryError); 3 characters withheld>", Redaction.guarded("abc", t -> {
            throw new OutOfMemoryError();
        }));
        assertEquals("<redaction failed (IllegalStateException); 3 characters withheld>", Redaction.guarded("abc", t -> {
            throw new IllegalStateException(t);
        }));
    }

    /** The cut is part of what {@code capped} guards: a cut that fails is said like a redaction that fails. */
    @Test
    void aCutThatFailsIsCaughtLikeARedactionThatFails() {
        String secret = corpus.jwt();
        assertEquals("<redaction failed (StackOverflowError); " + secret.length() + " characters withheld>",
                Redaction.capped(secret, 10, (text, max) -> {
                    throw new StackOverflowError();
                }));
        assertEquals("<redaction failed (IllegalStateException); 3 characters withheld>",
                Redaction.capped("abc", 2, (text, max) -> {
                    throw new IllegalStateException(text);
                }));
    }

    @Test
    void deeplyNestedInputOnASmallStackIsRedactedAllTheSame() throws Exception {
        String secret = corpus.jwt();
        String deep = "{\"token\": \"" + secret + "\", \"a\": " + "[".repeat(50_000) + "]".repeat(50_000) + "}";
        String[] out = new String[1];
        Throwable[] thrown = new Throwable[1];
        Thread tiny = new Thread(null, () -> {
            try {
                out[0] = Redaction.text(deep);
            } catch (Throwable t) {
                thrown[0] = t;
            }
        }, "tiny-stack", 16 * 1024);
        tiny.start();
        tiny.join();
        assertNull(thrown[0]);
        assertFalse(out[0].contains(secret.substring(0, 20)));
        assertTrue(Redaction.text(null) == null && Redaction.text("").isEmpty() && Redaction.uriText(null) == null);
    }

    @Test
    void aFailureIsCopiedEvenWhenItsChainLoopsOrItsMessageThrows() {
        IllegalStateException a = new IllegalStateException("outer token: " + corpus.jwt());
        IllegalArgumentException b = new IllegalArgumentException("inner");
        a.initCause(b);
        b.initCause(a);
        RuntimeException copy = Redaction.throwable(a);
        assertTrue(copy.getMessage().startsWith("java.lang.IllegalStateException: outer token: <redacted>"));
        assertEquals("java.lang.IllegalArgumentException: inner", copy.getCause().getMessage());
        assertNull(copy.getCause().getCause());
        RuntimeException rude = new RuntimeException() {
            @Override
            public String getMessage() {
                throw new UnsupportedOperationException("no");
            }
        };
        assertTrue(Redaction.throwable(rude).getMessage().contains("its message could not be read"));
    }

    @Test
    void evidenceIsCutBeforeItIsRedacted() {
        String jwt = corpus.jwt();
        String huge = ("token: " + jwt + "\n").repeat(20_000);
        long start = System.nanoTime();
        Evidence evidence = Evidence.of("big", huge);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(evidence.text().length() <= Evidence.MAX_CHARS + 100, "length " + evidence.text().length());
        assertTrue(evidence.text().endsWith(" more characters left out)"), evidence.text());
        assertFalse(evidence.text().contains(jwt.substring(0, 30)));
        assertTrue(millis < 5_000, millis + " ms");
    }
}
