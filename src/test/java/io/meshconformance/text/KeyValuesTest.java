package io.meshconformance.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The key/value rule alone, on free text: each form of key, separator and value it reads. */
class KeyValuesTest {

    static String kv(String text) {
        return KeyValues.apply(text);
    }

    @Test
    void keysAtTheStartOfALineInQuotesOrAfterABracketCountWhateverTheWord() {
        assertEquals("token: <redacted>\n- secret: <redacted>\nexport TOKEN=<redacted>",
                kv("token: abc def\n- secret: s3\nexport TOKEN=t0k"));
        assertEquals("{\"token\":\"<redacted>\",\"n\":1} {'auth': '<redacted>'} (sig=<redacted>)",
                kv("{\"token\":\"abc\",\"n\":1} {'auth': 'xyz'} (sig=abc)"));
        assertEquals("{\\\"token\\\":\\\"<redacted>\\\"}", kv("{\\\"token\\\":\\\"abc\\\"}"));
        assertEquals("a\\n  token: <redacted>\\nb: c", kv("a\\n  token: abc\\nb: c"));
    }

    @Test
    void proseWordsCountOnlyAsKeysButCompoundNamesCountAnywhere() {
        assertEquals("failed to fetch token: not found; the secret=istio-system/x", kv(
                "failed to fetch token: not found; the secret=istio-system/x"));
        assertEquals("request token=<redacted> then x client_secret: <redacted>",
                kv("request token=abc then x client_secret: p q"));
        assertEquals("volume \"istio-token\" : failed", kv("volume \"istio-token\" : failed"));
        // The user-info of a URL is a user and a password.
        assertEquals("std::token::x https://token:<redacted>", kv("std::token::x https://token:x"));
        assertEquals("x " + "a".repeat(70) + " token: y", kv("x " + "a".repeat(70) + " token: y"));
    }

    @Test
    void valuesEndWhereTheirFormSays() {
        assertEquals("{a: 1, password: <redacted>, b: 2}", kv("{a: 1, password: p q, b: 2}"));
        assertEquals("login, password: <redacted>", kv("login, password: p q, r"));
        assertEquals("&{Host:h Token:<redacted> BearerToken:<redacted>}", kv("&{Host:h Token:abc BearerToken:xyz}"));
        assertEquals("password = <redacted> x", kv("password = abc x"));
        assertEquals("KeyData:[<redacted>] CertData:[]", kv("KeyData:[45 45 45] CertData:[]"));
        assertEquals("token: [a, [b]] auth: {user: u, password: <redacted>}",
                kv("token: [a, [b]] auth: {user: u, password: p}"));
        assertEquals("password: \"<redacted>\" next", kv("password: \"a \\\" b\" next"));
        assertEquals("password: \"<redacted>\nnext", kv("password: \"unclosed\nnext"));
        assertEquals("password: '<redacted>' x", kv("password: 'a b' x"));
        assertEquals("token: true\npassword: null\nsecret: false\ntoken: <redacted>",
                kv("token: true\npassword: null\nsecret: false\ntoken: <redacted>"));
        assertEquals("{\"msg\": \"password: <redacted>\", \"n\": 1}", kv("{\"msg\": \"password: a b\", \"n\": 1}"));
        assertEquals("token:", kv("token:"));
        assertEquals("token", kv("token"));
        assertEquals("token:\\nx", kv("token:\\nx"));
    }

    /**
     * Only a value that is exactly the marker is taken as already hidden: one that merely starts with it (a stage
     * that redacted the start of a value, or a text made to look so) still holds the rest of a password.
     */
    @Test
    void aValueThatOnlyStartsWithTheMarkerIsRedacted() {
        assertEquals("password=<redacted> next", kv("password=<redacted>hunter2hunter2 next"));
        assertEquals("password: <redacted>", kv("password: <redacted>hunter2hunter2"));
        assertEquals("{\"token\": \"<redacted>\"}", kv("{\"token\": \"<redacted>hunter2hunter2\"}"));
        assertEquals("password=<redacted> next", kv("password=<redacted> next"));
    }

    @Test
    void headersKeepTheirSchemeAndFlagsTheirValue() {
        assertEquals("Authorization: Bearer <redacted>\nAuthorization: <redacted>\nauthorization: Basic  <redacted>",
                kv("Authorization: Bearer a.b.c\nAuthorization: abc\nauthorization: Basic  dXNlcg=="));
        assertEquals("'authorization', 'Bearer <redacted>', 'cookie', '<redacted>'",
                kv("'authorization', 'Bearer xyz', 'cookie', 'a=b; c=d'"));
        assertEquals("--token <redacted> --token=<redacted> [\"--password\", \"<redacted>\"] --tokenless x",
                kv("--token abc --token=def [\"--password\", \"ghi\"] --tokenless x"));
        assertEquals("args:\n- --token\n- <redacted>\n- --token\nx", kv("args:\n- --token\n- abc\n- --token\nx"));
        assertEquals("--token", kv("--token"));
    }

    @Test
    void yamlBlocksAndContinuationsGoWholeAndStopAtTheirSibling() {
        assertEquals("tls.key: <redacted>\nname: kept", kv("tls.key: |-  # the key\n  QUJD\n\n  REVG\nname: kept"));
        assertEquals("  token: <redacted>\n  name: kept", kv("  token: >\n    QUJD\n    REVG\n  name: kept"));
        assertEquals("token: <redacted>", kv("token: | not a block"));
        assertEquals("token: <redacted>\nname: x", kv("token: |\nname: x"));
        assertEquals("token:\n  <redacted>\nname: x", kv("token:\n  " + FakeSecrets.jwtHeader().substring(0, 8) + "\n  "
                + FakeSecrets.jwtHeader().substring(8, 14) + "\nname: x"));
        assertEquals("secret:\n  secretName: x\ntoken:\n- a", kv("secret:\n  secretName: x\ntoken:\n- a"));
        assertEquals("token:\n\"key\": x", kv("token:\n\"key\": x"));
    }

    @Test
    void aValueFollowsTheNameOfACredentialsVariable() {
        assertEquals("- name: DB_PASSWORD\n  value: <redacted>\n- name: LOG\n  value: debug",
                kv("- name: DB_PASSWORD\n  value: hunter2\n- name: LOG\n  value: debug"));
        assertEquals("{\"name\":\"GITHUB_TOKEN\",\"value\":\"<redacted>\"}", kv("{\"name\":\"GITHUB_TOKEN\",\"value\":\"x\"}"));
        assertEquals("name: TOKEN " + "x".repeat(300) + " value: v", kv("name: TOKEN " + "x".repeat(300) + " value: v"));
        assertEquals("name: [a]\nvalue: v", kv("name: [a]\nvalue: v"));
    }

    @Test
    void urlParametersCarryCredentialsUnderTheirOwnNames() {
        assertEquals("https://h/x?key=<redacted>&code=<redacted>&page=2#access_token=<redacted>",
                kv("https://h/x?key=abc&code=def&page=2#access_token=ghi"));
        assertEquals("the key=value and code=1", kv("the key=value and code=1"));
    }
}
