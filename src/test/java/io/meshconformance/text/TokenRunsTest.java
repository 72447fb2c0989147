package io.meshconformance.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Secrets by their shape alone, and the shapes that stay. */
class TokenRunsTest {

    static final String RANDOM = "q3Jx9ZkT2vWmPb7LdR4sNf8HcYg6Ue1A";
    /** Fake secrets assembled at run time ({@link FakeSecrets}): a JWT, its header alone, a DER body. */
    static final String JWT = FakeSecrets.jwt("x");
    static final String HEADER = FakeSecrets.jwtHeader();
    static final String DER = FakeSecrets.der(15);

    @Test
    void whatIsASecretByItsShape() {
        assertTrue(TokenRuns.isSecret(RANDOM), "random base64 of 32");
        assertFalse(TokenRuns.isSecret(RANDOM.substring(1)), "31 characters are too few to tell");
        assertTrue(TokenRuns.isSecret(DER.substring(0, 20)), "DER in base64");
        assertFalse(TokenRuns.isSecret(DER.substring(0, 16)), "DER prefix, but shorter than 20");
        assertTrue(TokenRuns.isSecret(FakeSecrets.base64(FakeSecrets.begin("CERTIFICATE")).substring(0, 16)),
                "a PEM block in base64");
        assertTrue(TokenRuns.isSecret(SecretCorpus.base64("user:password")), "base64 of text of 12 or more");
        assertFalse(TokenRuns.isSecret(SecretCorpus.base64("user:pass")), "base64 of text under 12");
        assertFalse(TokenRuns.isSecret("0123456789abcdef0123456789abcdef0123456789abcdef"), "hex");
        assertFalse(TokenRuns.isSecret("0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e"), "a UID");
        assertFalse(TokenRuns.isSecret("ExistingClusterProviderKubeconfigNarrowingTest"), "a class name");
        assertFalse(TokenRuns.isSecret("istiod-7d4d9d5fcb-x2x9q-and-more-lower-case-names"), "no capitals");
        assertFalse(TokenRuns.isSecret("ALL_CAPITALS_CONSTANT_NAME_WITHOUT_ANY_LOWER"), "no lower case");
        assertFalse(TokenRuns.isSecret("/api/v1/namespaces/bookinfo/pods/reviews"), "a path");
        assertTrue(TokenRuns.isSecret("/api/v1/" + RANDOM), "a path with a token in it");
        assertTrue(TokenRuns.isSecret("/" + RANDOM.substring(0, 20) + "+/" + RANDOM), "base64 starting with a slash");
        assertFalse(TokenRuns.isSecret("short"));
    }

    @Test
    void theCharacterClassesEndWhereTheySay() {
        // The edges of each class (0 9 a f z A F Z): hex in both cases stays, one letter past f makes it base64.
        assertFalse(TokenRuns.isSecret("0123456789abcdefABCDEF0123456789"));
        assertFalse(TokenRuns.isSecret("9876543210fedcbaFEDCBA9876543210"));
        assertTrue(TokenRuns.isSecret("0123456789abcdefABCDEF012345678G"));
        assertTrue(TokenRuns.isSecret("0123456789abcdefABCDEF012345678g"));
        assertTrue(TokenRuns.isSecret("Zz09Aa" + RANDOM.substring(6)));
        assertFalse(TokenRuns.isSecret("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzZ".toLowerCase()), "no capital");
        assertFalse(TokenRuns.isSecret("ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZz".toUpperCase()), "no lower case");
        assertTrue(TokenRuns.isSecret("A" + "0123456789abcdef".repeat(2) + "z"));
        assertTrue(TokenRuns.isIdentifier("ZebraAzureZooAzaleaAzimuthZygote"));
        assertTrue(TokenRuns.isIdentifier("Version0Zulu9Alpha"));
        assertTrue(TokenRuns.isIdentifier("Version0Zulu9Alpha0"), "three digits");
        assertFalse(TokenRuns.isIdentifier("Version0Zulu9Alpha0Beta1"), "a fourth digit");
        assertTrue(TokenRuns.isIdentifier("Aaaa"), "three lower case letters make a word");
        assertFalse(TokenRuns.isIdentifier("Aaa"), "two do not");
        assertFalse(TokenRuns.isIdentifier("Abcd"), "a quarter vowels at least");
        assertTrue(TokenRuns.isIdentifier("Abce"));
        assertTrue(TokenRuns.isIdentifier("Abcy"), "y counts as a vowel");
    }

    @Test
    void aLineAfterAHiddenSecretContinuesItOnlyIfItLooksRandom() {
        for (String line : new String[] {"Zz09Zz09", "A0000000", "Z9999999", "Aazzzzz9", "zzzzzzzA"}) {
            assertEquals("<redacted>\n<redacted>\nx", TokenRuns.apply("<redacted>\n" + line + "\nx"), line);
        }
        for (String line : new String[] {"zzzzzzzz", "Zzz", "ZZZZZZZZ", "aaaaaaa9", "Azzzzzzz", "A!", "12345678"}) {
            assertEquals("<redacted>\n" + line + "\nx", TokenRuns.apply("<redacted>\n" + line + "\nx"), line);
        }
        assertEquals("<redacted>\n  <redacted>\tx", TokenRuns.apply("<redacted>\n  Zz09Zz09\tx").replace("Zz09Zz09\t", "<redacted>\t"));
        assertEquals("<redacted>\n\n", TokenRuns.apply("<redacted>\n\n"));
        assertEquals("<redacted>\n", TokenRuns.apply("<redacted>\n"));
        assertEquals("<redacted>x\nZz09Zz09", TokenRuns.apply("<redacted>x\nZz09Zz09"));
    }

    @Test
    void whatIsACamelCaseName() {
        assertTrue(TokenRuns.isIdentifier("Http2ServerUpgradeCodecFactoryForKubernetesV1Beta1"));
        assertFalse(TokenRuns.isIdentifier("Http2ServerUpgradeCodecFactoryForKubernetesV1Beta12"), "four digits");
        assertFalse(TokenRuns.isIdentifier("2Http"), "starts with a digit");
        assertFalse(TokenRuns.isIdentifier("Rhythm" + "Crwth".repeat(6)), "too few vowels");
        assertFalse(TokenRuns.isIdentifier("Abc_Def"), "not letters and digits only");
        assertFalse(TokenRuns.isIdentifier("ABCDEFGH"), "no lower case");
        assertFalse(TokenRuns.isIdentifier(""));
        assertFalse(TokenRuns.isIdentifier(RANDOM));
    }

    @Test
    void runsAreReplacedWholeAndEvidenceStays() {
        assertEquals("token <redacted> for x", TokenRuns.apply("token " + JWT + " for x"));
        assertEquals("at <redacted> end", TokenRuns.apply("at io.x." + RANDOM + ".y end"));
        assertEquals("<redacted>= and <redacted>x", TokenRuns.apply(RANDOM + "=== and " + RANDOM + "==x"));
        assertEquals("\"a\\n<redacted>\"", TokenRuns.apply("\"a\\n" + RANDOM + "\""));
        assertEquals("\\n<redacted>", TokenRuns.apply("\\n" + HEADER));
        String kept = "io.meshconformance.cluster.ExistingClusterProvider$1 sha256:"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef eyJshort";
        assertEquals(kept, TokenRuns.apply(kept));
    }

    /**
     * A long class name in a stack frame stays even when its words look random ({@code Abstract}, {@code Http2} and
     * {@code Shard} have few vowels and some digits); the same name elsewhere is judged by its shape, and a token in
     * a line that only looks like a frame goes.
     */
    @Test
    void aClassNameInAStackFrameStays() {
        String name = "HandlerAbstractStageUpgradeAbstractShardAbstract";
        for (String frame : new String[] {"\tat io.meshconformance.cluster." + name + "$Debug.run(Collector.java:141)",
                "        at " + name + ".run(Native Method)", "at java.base/" + name + ".run(Unknown Source)\nnext"}) {
            assertEquals(frame, TokenRuns.apply(frame));
        }
        assertEquals("failed at <redacted> here", TokenRuns.apply("failed at " + name + " here"));
        assertEquals("\tat <redacted>(x) and more", TokenRuns.apply("\tat " + RANDOM + "(x) and more"));
        assertEquals("\tat x <redacted>(x)", TokenRuns.apply("\tat x " + RANDOM + "(x)"));
    }

    @Test
    void aWrappedTokenLosesItsFollowingLinesButNotTheWordAfter() {
        // A JWT wrapped after 60 and 39 more characters, its last two on a line of their own, then the next word.
        assertEquals("<redacted>\n<redacted>\n<redacted>\nStarting", TokenRuns.apply(JWT.substring(0, 60) + "\n"
                + JWT.substring(60, JWT.length() - 2) + "\n" + JWT.substring(JWT.length() - 2) + "\nStarting"));
        assertEquals("<redacted>\r\n  <redacted>\nnext line", TokenRuns.apply(RANDOM + RANDOM + "\r\n  abc123\nnext line"));
        assertEquals("<redacted>\\n<redacted>\\nStarting", TokenRuns.apply(
                JWT.substring(0, 80) + "\\n" + JWT.substring(80) + "\\nStarting"));
        assertEquals("x " + RANDOM + "z\nStarting", TokenRuns.apply("x " + RANDOM + "z\nStarting").replace("<redacted>", RANDOM + "z"));
        assertEquals("short <redacted>\nabc\nStarting",
                TokenRuns.apply("short " + RANDOM + "\nabc\nStarting"), "a short line after a short line is no continuation");
        assertEquals("<redacted>\n<redacted>\nx", TokenRuns.apply("<redacted>\nAbcD3fGh\nx"));
        assertEquals("<redacted>\nAbcdefgh\nx", TokenRuns.apply("<redacted>\nAbcdefgh\nx"));
        assertEquals("<redacted>\nab cd", TokenRuns.apply("<redacted>\nab cd"));
        assertEquals("<redacted>", TokenRuns.apply(HEADER));
        assertEquals("<redacted>\n", TokenRuns.apply(HEADER + "\n"));
    }
}
