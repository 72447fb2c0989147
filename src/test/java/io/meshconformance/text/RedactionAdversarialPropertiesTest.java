package io.meshconformance.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;

import io.meshconformance.text.Planted.Context;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Properties of the redaction over generated input: a secret of any realistic shape, planted in any context the
 * harness's evidence has, loses every piece of eight characters, also when the text is cut; the spellings of a
 * credential's name do not matter; harmless evidence comes out unchanged; and any text, however hostile, is redacted
 * quickly and without an error. The generators are plain Java ({@link SecretCorpus}, {@link DocumentPlantings},
 * {@link LogPlantings}, {@link HarmlessText}); each property runs many tries, each from a seed drawn from one base
 * seed, which a failure names: rerun it with {@code -Dredaction.seed=<base>} to see the same inputs.
 */
@Tag("adversarial")
class RedactionAdversarialPropertiesTest {

    /** The base seed of this run: given, or new each run so that every run tries other inputs. */
    static final long BASE = Long.getLong("redaction.seed", new Random().nextLong());

    /** Runs {@code property} {@code tries} times, each with its own generator; a failure names the seeds. */
    static void tries(String property, int tries, BiConsumer<Random, Long> body) {
        Random seeds = new Random(BASE ^ property.hashCode());
        for (int i = 0; i < tries; i++) {
            long seed = seeds.nextLong();
            try {
                body.accept(new Random(seed), seed);
            } catch (AssertionError e) {
                throw new AssertionError(property + ", try " + i + " (-Dredaction.seed=" + BASE + "): "
                        + e.getMessage(), e);
            }
        }
    }

    static final List<Context> CONTEXTS = RedactionAdversarialCorpusTest.contexts();

    static Context context(Random random) {
        return CONTEXTS.get(random.nextInt(CONTEXTS.size()));
    }

    @Test
    void noPieceOfAPlantedSecretSurvives() {
        tries("planted", 400, (random, seed) -> {
            Planted planted = context(random).make(new SecretCorpus(random.nextLong()));
            String out = Redaction.text(planted.text());
            assertNull(planted.leak(out), () -> "in:\n" + planted.text() + "\nout:\n" + out);
        });
    }

    /**
     * Cut to a size of at least twice its longest line (the cut then falls at a line break, as evidence's 16 KiB
     * cap does with the lines of logs and manifests) from the start or from the end: nothing of a secret survives.
     * A cut from the end may take away the line above that made a password secret ({@link Context#markedAbove});
     * there only the head is checked (tokens and keys are still caught by their shape, see the corpus test).
     */
    @Test
    void noPieceSurvivesACut() {
        tries("cut", 300, (random, seed) -> {
            Context context = context(random);
            Planted planted = context.make(new SecretCorpus(random.nextLong()));
            int percent = random.nextInt(101);
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
        });
    }

    /** A token in a long line, cut anywhere: what the cut leaves of it is no recognisable piece. */
    @Test
    void aTokenCutAnywhereLeavesNoPiece() {
        tries("token cut", 300, (random, seed) -> {
            SecretCorpus corpus = new SecretCorpus(random.nextLong());
            String token = corpus.random().nextBoolean() ? corpus.jwt() : corpus.base64Token(48);
            String text = new HarmlessText(corpus.random()).line() + " token=" + token + " and more\n";
            int max = Math.max(1, text.length() * (1 + random.nextInt(999)) / 1000);
            Planted planted = Planted.of("cut", text, token);
            assertNull(planted.leak(Redaction.capped(text, max)), () -> "max " + max);
            assertNull(planted.leak(Redaction.text(Redaction.capTail(text, max))), () -> "max " + max);
        });
    }

    static final List<List<String>> NAMES = List.of(List.of("access", "token"), List.of("client", "secret"),
            List.of("bearer", "token"), List.of("refresh", "token"), List.of("id", "token"), List.of("api", "key"),
            List.of("private", "key"), List.of("password"), List.of("client", "key", "data"), List.of("auth", "token"));

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

    @Test
    void everySpellingOfACredentialsNameIsAKey() {
        tries("spelling", 300, (random, seed) -> {
            // One in four numbered, as the second of its kind is (db_password2, PASSWORD_1, client-secret-3).
            String number = List.of("", "", "", "2", "_1", "-3", ".2").get(random.nextInt(7));
            String name = spell(NAMES.get(random.nextInt(NAMES.size())), random.nextInt(6)) + number;
            SecretCorpus corpus = new SecretCorpus(random.nextLong());
            String secret = corpus.random().nextBoolean() ? corpus.password() : corpus.urlToken(32);
            String text = switch (random.nextInt(4)) {
                case 0 -> "spec:\n  " + name + ": " + Planted.yaml(secret) + "\n";
                case 1 -> "{\"spec\": {\"" + name + "\": " + Planted.json(secret) + "}}";
                case 2 -> "2026-11-25T14:00:00Z debug " + name + "=" + secret + " status=401";
                default -> name + ": " + secret;
            };
            Planted planted = Planted.of("spelling", text, secret);
            assertNull(planted.leak(Redaction.text(text)), () -> text);
        });
    }

    /** What a URL can carry unencoded in a password besides letters, java.net.URI's refusals included. */
    static final String URL_CHARS = "@/?#:[]!$&*+,;=%~.-_()";

    /**
     * A password of any characters a URL can carry unencoded, {@code @ / ? # : [ ]} included (what java.net.URI
     * refuses), of any length, in a URL alone or in a sentence: neither uriText nor text shows a piece of it.
     */
    @Test
    void noPieceOfAUrlsPasswordSurvives() {
        tries("url password", 1000, (random, seed) -> {
            StringBuilder password = new StringBuilder();
            // One in ten longer than any authority (a token as the password): the scan must not give up on it.
            int length = random.nextInt(10) == 0 ? 513 + random.nextInt(1024) : 8 + random.nextInt(17);
            for (int i = 0; i < length; i++) {
                password.append(random.nextBoolean() ? URL_CHARS.charAt(random.nextInt(URL_CHARS.length()))
                        : (char) ((random.nextBoolean() ? 'a' : 'A') + random.nextInt(26)));
            }
            String url = "https://robot:" + password + "@mirror.example.com:5000/v2/istio?tag=1";
            String text = random.nextBoolean() ? "Back-off pulling " + url + " failed" : url;
            String out = random.nextBoolean() ? Redaction.uriText(text) : Redaction.text(text);
            assertNull(Planted.of("url", text, password.toString()).leak(out), () -> text + " -> " + out);
        });
    }

    @Test
    void harmlessEvidenceComesOutUnchanged() {
        tries("harmless", 200, (random, seed) -> {
            HarmlessText harmless = new HarmlessText(random);
            String lines = harmless.lines(30);
            assertEquals(lines, Redaction.text(lines));
            String pod = harmless.podYaml();
            assertEquals(pod, Redaction.text(pod));
        });
    }

    static final List<String> PIECES = List.of(" ", "\n", "\t", "\"", "\\", "\\n", "\\\"", "'", "{", "}", "[",
            "]", ":", ": ", ",", "-", "- ", "=", "&", "?", "#", "@", "/", "|", ">", "token: \"", "token: ", "password=",
            "-----BEGIN X-----", "-----END X-----", "eyJ", "eyJabcdefgh.", "://", "https://u:p@", "{\"a\":",
            "\"token\": \"", "Authorization: Bearer ", "A", "a", "0", "+", "MII", "LS0t", "kind: Secret\n",
            "data:\n  x: ", "--token ", "name: DB_PASSWORD\n", "value: ", "u:p/x@", "@.", ".a.com/", "[::1]",
            ":80", "\u00e9", "\ud83d\ude80", "- --token\n", "  ", "|\n", "<redacted>", "admin:pw@h.example.com",
            "\"data\":{\"", "\"stringData\": {");

    /** Up to 16 KiB of the pieces redaction's scanners care about, in any order and number. */
    static String hostile(Random random) {
        int count = random.nextInt(3001);
        List<String> pieces = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pieces.add(PIECES.get(random.nextInt(PIECES.size())));
        }
        String text = String.join("", pieces);
        return text.length() > 16 * 1024 ? text.substring(0, 16 * 1024) : text;
    }

    @Test
    void anyTextIsRedactedQuicklyAndWithoutAnError() {
        tries("hostile", 200, (random, seed) -> {
            String text = hostile(random);
            long start = System.nanoTime();
            String out = Redaction.text(text);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertNotNull(out);
            assertTrue(millis < 1_000, millis + " ms for " + text.length() + " characters");
            assertTrue(!out.startsWith("<redaction failed"), out);
            assertNotNull(Redaction.uriText(text));
            assertNotNull(Redaction.capped(text, 1 + text.length() / 2));
        });
    }
}
