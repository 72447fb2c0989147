package io.meshconformance.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

import io.meshconformance.text.Planted.Context;

/**
 * Properties of the redaction over generated input: a secret of any realistic shape, planted in any context the
 * harness's evidence has, loses every piece of eight characters, also when the text is cut; the spellings of a
 * credential's name do not matter; harmless evidence comes out unchanged; and any text, however hostile, is redacted
 * quickly and without an error. The generators are plain Java ({@link SecretCorpus}, {@link DocumentPlantings},
 * {@link LogPlantings}, {@link HarmlessText}) driven by a seed that jqwik chooses and reports.
 */
@Tag("adversarial")
class RedactionAdversarialPropertiesTest {

    @Provide
    Arbitrary<Context> contexts() {
        return Arbitraries.of(RedactionAdversarialCorpusTest.contexts());
    }

    @Property(tries = 400)
    void noPieceOfAPlantedSecretSurvives(@ForAll("contexts") Context context, @ForAll long seed) {
        Planted planted = context.make(new SecretCorpus(seed));
        String out = Redaction.text(planted.text());
        assertNull(planted.leak(out), () -> "in:\n" + planted.text() + "\nout:\n" + out);
    }

    /**
     * Cut to a size of at least twice its longest line (the cut then falls at a line break, as evidence's 16 KiB
     * cap does with the lines of logs and manifests) from the start or from the end: nothing of a secret survives.
     * A cut from the end may take away the line above that made a password secret ({@link Context#markedAbove});
     * there only the head is checked (tokens and keys are still caught by their shape, see the corpus test).
     */
    @Property(tries = 300)
    void noPieceSurvivesACut(@ForAll("contexts") Context context, @ForAll long seed,
                             @ForAll @IntRange(min = 0, max = 100) int percent) {
        Planted planted = context.make(new SecretCorpus(seed));
        String text = planted.text();
        int longest = 0;
        for (String line : text.split("\n")) {
            longest = Math.max(longest, line.length());
        }
        int max = Math.min(text.length(), 2 * longest + 2 + (text.length() - 2 * longest) * percent / 100);
        String head = Redaction.capped(text, max);
        String tail = Redaction.text(Redaction.capTail(text, max));
        assertNull(planted.leak(head), () -> "max " + max + ", head:\n" + head);
        if (!context.markedAbove()) {
            assertNull(planted.leak(tail), () -> "max " + max + ", tail:\n" + tail);
        }
    }

    /** A token in a long line, cut anywhere: what the cut leaves of it is no recognisable piece. */
    @Property(tries = 300)
    void aTokenCutAnywhereLeavesNoPiece(@ForAll long seed, @ForAll @IntRange(min = 1, max = 999) int permille) {
        SecretCorpus corpus = new SecretCorpus(seed);
        String token = corpus.random().nextBoolean() ? corpus.jwt() : corpus.base64Token(48);
        String text = new HarmlessText(corpus.random()).line() + " token=" + token + " and more\n";
        int max = Math.max(1, text.length() * permille / 1000);
        Planted planted = Planted.of("cut", text, token);
        assertNull(planted.leak(Redaction.capped(text, max)), () -> "max " + max);
        assertNull(planted.leak(Redaction.text(Redaction.capTail(text, max))), () -> "max " + max);
    }

    @Provide
    Arbitrary<String> credentialNames() {
        List<List<String>> names = List.of(List.of("access", "token"), List.of("client", "secret"),
                List.of("bearer", "token"), List.of("refresh", "token"), List.of("id", "token"), List.of("api", "key"),
                List.of("private", "key"), List.of("password"), List.of("client", "key", "data"), List.of("auth", "token"));
        return Arbitraries.of(names).flatMap(words -> Arbitraries.integers().between(0, 5).map(style -> spell(words,
                style)));
    }

    /** The same name in snake_case, kebab-case, camelCase, PascalCase, UPPER_SNAKE or dotted. */
    static String spell(List<String> words, int style) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String capital = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            switch (style) {
                case 0 -> out.append(i == 0 ? "" : "_").append(word);
                case 1 -> out.append(i == 0 ? "" : "-").append(word);
                case 2 -> out.append(i == 0 ? word : capital);
                case 3 -> out.append(capital);
                case 4 -> out.append(i == 0 ? "" : "_").append(word.toUpperCase());
                default -> out.append(i == 0 ? "" : ".").append(word);
            }
        }
        return out.toString();
    }

    @Property(tries = 300)
    void everySpellingOfACredentialsNameIsAKey(@ForAll("credentialNames") String name, @ForAll long seed,
                                               @ForAll @IntRange(min = 0, max = 3) int where) {
        SecretCorpus corpus = new SecretCorpus(seed);
        String secret = corpus.random().nextBoolean() ? corpus.password() : corpus.urlToken(32);
        String text = switch (where) {
            case 0 -> "spec:\n  " + name + ": " + Planted.yaml(secret) + "\n";
            case 1 -> "{\"spec\": {\"" + name + "\": " + Planted.json(secret) + "}}";
            case 2 -> "2026-11-25T14:00:00Z debug " + name + "=" + secret + " status=401";
            default -> name + ": " + secret;
        };
        Planted planted = Planted.of("spelling", text, secret);
        assertNull(planted.leak(Redaction.text(text)), () -> text);
    }

    /**
     * A password of any characters a URL can carry unencoded, {@code @ / ? # : [ ]} included (what java.net.URI
     * refuses), in a URL alone or in a sentence: neither uriText nor text shows a piece of it.
     */
    @Property(tries = 1000)
    void noPieceOfAUrlsPasswordSurvives(@ForAll @StringLength(min = 8, max = 24)
                                        @Chars({'@', '/', '?', '#', ':', '[', ']', '!', '$', '&', '*', '+', ',', ';',
                                                '=', '%', '~', '.', '-', '_', '(', ')'}) @AlphaChars String password,
                                        @ForAll boolean sentence, @ForAll boolean uriText) {
        String url = "https://robot:" + password + "@mirror.example.com:5000/v2/istio?tag=1";
        String text = sentence ? "Back-off pulling " + url + " failed" : url;
        String out = uriText ? Redaction.uriText(text) : Redaction.text(text);
        assertNull(Planted.of("url", text, password).leak(out), () -> text + " -> " + out);
    }

    @Property(tries = 200)
    void harmlessEvidenceComesOutUnchanged(@ForAll long seed) {
        HarmlessText harmless = new HarmlessText(new Random(seed));
        String lines = harmless.lines(30);
        assertEquals(lines, Redaction.text(lines));
        String pod = harmless.podYaml();
        assertEquals(pod, Redaction.text(pod));
    }

    @Provide
    Arbitrary<String> hostileTexts() {
        Arbitrary<String> pieces = Arbitraries.of(" ", "\n", "\t", "\"", "\\", "\\n", "\\\"", "'", "{", "}", "[", "]",
                ":", ": ", ",", "-", "- ", "=", "&", "?", "#", "@", "/", "|", ">", "token: \"", "token: ", "password=",
                "-----BEGIN X-----", "-----END X-----", "eyJ", "eyJabcdefgh.", "://", "https://u:p@", "{\"a\":",
                "\"token\": \"", "Authorization: Bearer ", "A", "a", "0", "+", "MII", "LS0t", "kind: Secret\n",
                "data:\n  x: ", "--token ", "name: DB_PASSWORD\n", "value: ", "u:p/x@", "@.", ".a.com/", "[::1]",
                ":80", "\u00e9", "\ud83d\ude80", "- --token\n", "  ", "|\n");
        return pieces.list().ofMaxSize(3000).map(list -> {
            String text = String.join("", list);
            return text.length() > 16 * 1024 ? text.substring(0, 16 * 1024) : text;
        });
    }

    @Property(tries = 200)
    void anyTextIsRedactedQuicklyAndWithoutAnError(@ForAll("hostileTexts") String text) {
        long start = System.nanoTime();
        String out = Redaction.text(text);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertNotNull(out);
        assertTrue(millis < 1_000, millis + " ms for " + text.length() + " characters");
        assertTrue(!out.startsWith("<redaction failed"), out);
        assertNotNull(Redaction.uriText(text));
        assertNotNull(Redaction.capped(text, 1 + text.length() / 2));
    }
}
