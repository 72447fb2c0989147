package io.meshconformance.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Documents found in a text and redacted by their structure, alone (no text rules after them). */
class DocumentsTest {

    final Set<String> secrets = new HashSet<>();

    String docs(String text) {
        return Documents.redact(text, 0, secrets);
    }

    @Test
    void yamlIsReadAgainFromTheLineWhereADocumentStarts() {
        assertEquals("=== secret ===\nkind: Secret\ndata:\n  a: <redacted>\n", docs("=== secret ===\nkind: Secret\ndata:\n  a: YQ==\n"));
        assertEquals("(9 earlier characters left out) ...\n      env:\n      - name: DB_PASSWORD\n        value: <redacted>\n",
                docs("(9 earlier characters left out) ...\n      env:\n      - name: DB_PASSWORD\n        value: pw\n"));
        assertEquals("a: b\n---\npassword: <redacted>\n", docs("a: b\n---\npassword: pw\n"));
        assertEquals(List.of(5, 5, -1), List.of(Documents.nextDocumentStart("k: v\nx: y", 0, 0),
                Documents.nextDocumentStart("== x\nkey: v", 2, 0), Documents.nextDocumentStart("== x\n== y", 2, 0)));
        assertEquals(10, Documents.nextDocumentStart("== x\n1: y\n---", 2, 0));
    }

    @Test
    void jsonObjectsAreFoundInsideLogLinesOutermostFirst() {
        assertEquals("2026 info {\"token\": \"<redacted>\", \"n\": [1, {\"password\": \"<redacted>\"}]} done",
                docs("2026 info {\"token\": \"abc\", \"n\": [1, {\"password\": \"def\"}]} done"));
        assertEquals("[INFO] {Token:abc} [\"--token\", \"<redacted>\"]", docs("[INFO] {Token:abc} [\"--token\", \"x\"]"));
        assertEquals("{\"a\": \"}\", \"token\": \"<redacted>\"}", docs("{\"a\": \"}\", \"token\": \"x\"}"));
        assertEquals("{\"a\": \"}\", \"token\": \"<redacted>\"", docs("{\"a\": \"}\", \"token\": \"x\""),
                "an object the text ends in is read as far as it goes");
        assertEquals("{\"a\": \"x\n\"} {\"token\": \"<redacted>\"}", docs("{\"a\": \"x\n\"} {\"token\": \"y\"}"));
        assertEquals("{ \"token\": \"<redacted>\" ] }", docs("{ \"token\": \"y\" ] }").replace("\"y\"", "\"<redacted>\""));
        List<int[]> regions = Documents.regions("{\"a\": [{\"b\": 1}]} [x] {} [\"s\"] {\"c\":[");
        assertEquals("0-17 6-16 7-15 22-24 25-30 31-37",
                String.join(" ", regions.stream().map(r -> r[0] + "-" + r[1]).toList()));
        assertEquals(0, Documents.regions("{ \n").size());
    }

    /**
     * What a cut or the end of a log line leaves of a one-line Secret: an object never closed, read as far as it goes
     * (a string the cut left open closed for the parser), and a {@code data} or {@code stringData} object whose start
     * the cut took, known by the key before it. Before, only the inner {@code {"pin": ...}} was found, whose values a
     * Secret's key did not mark, and short ones stayed.
     */
    @Test
    void whatACutLeavesOfASecretIsReadAsASecret() {
        assertEquals("2026 applying {\"apiVersion\":\"v1\",\"data\":{\"pin\":\"<redacted>\"},\"kind\":\"Secret\",\"metadata\":{",
                docs("2026 applying {\"apiVersion\":\"v1\",\"data\":{\"pin\":\"OTg3NjU0MzI=\"},\"kind\":\"Secret\",\"metadata\":{"));
        assertEquals("{\"data\":{\"pin\":\"<redacted>\"\n... (90 more characters left out)",
                docs("{\"data\":{\"pin\":\"OTg3NjU0MzI=\n... (90 more characters left out)"));
        assertEquals("{\"stringData\":{\"note\":\"<redacted>\"\nnext line",
                docs("{\"stringData\":{\"note\":\"hunter2 hun\nnext line"));
        assertEquals("(9 earlier characters left out) ...\n\"data\": {\"pin\":\"<redacted>\"},\"kind\":\"Secret\"}",
                docs("(9 earlier characters left out) ...\n\"data\": {\"pin\":\"OTg3NjU0MzI=\"},\"kind\":\"Secret\"}"));
        assertEquals("x stringData: {\"note\":\"<redacted>\"}} metadata: {\"token\":\"<redacted>\"}",
                docs("x stringData: {\"note\":\"pw\"}} metadata: {\"token\":\"t\"}"));
        assertEquals("mydata: {\"pin\":\"OTg3NjU0MzI=\"} \"metadata\": {\"a\":\"OTg3NjU0MzI=\"}",
                docs("mydata: {\"pin\":\"OTg3NjU0MzI=\"} \"metadata\": {\"a\":\"OTg3NjU0MzI=\"}"), "other keys say nothing");
        assertEquals("{\"data\":{\"pin\":\"<redacted>\"", docs("{\"data\":{\"pin\":\"OTg3NjU0M"), "a value the cut made undecodable");
        assertEquals(List.of("data", "stringData"), List.of(Documents.keyBefore("\"data\" :  {", 10),
                Documents.keyBefore("stringData:{", 11)));
    }

    @Test
    void secretsAreKnownByKindTypeOrList() {
        assertEquals("{\"kind\":\"SecretList\",\"items\":[{\"data\":{\"a\":\"<redacted>\"}}]}",
                docs("{\"kind\":\"SecretList\",\"items\":[{\"data\":{\"a\":\"YWJj\"}}]}"));
        for (String type : List.of("Opaque", "kubernetes.io/tls", "bootstrap.kubernetes.io/token", "helm.sh/release.v1")) {
            assertEquals("{\"type\":\"" + type + "\",\"data\":{\"a\":\"<redacted>\"}}",
                    docs("{\"type\":\"" + type + "\",\"data\":{\"a\":\"YWJj\"}}"), type);
        }
        assertEquals("{\"kind\":\"ConfigMap\",\"data\":{\"a\":\"YWJjZGVmZ2hpams=\"}}",
                docs("{\"kind\":\"ConfigMap\",\"data\":{\"a\":\"YWJjZGVmZ2hpams=\"}}"));
        assertEquals("{\"data\":{\"a\":\"<redacted>\",\"b\":\"plain text\",\"c\":\"YWJj\"}}",
                docs("{\"data\":{\"a\":\"YWJjZGVmZ2hpams=\",\"b\":\"plain text\",\"c\":\"YWJj\"}}"));
        assertEquals("{\"type\":\"Normal\",\"data\":[\"YWJjZGVmZ2hpams=\"]}", docs("{\"type\":\"Normal\",\"data\":[\"YWJjZGVmZ2hpams=\"]}"));
        assertEquals("{\"stringData\":{\"note\":\"<redacted>\",\"on\":true}}", docs("{\"stringData\":{\"note\":\"x\",\"on\":true}}"));
    }

    @Test
    void aSecretsDocumentIsShownDecodedWithOnlyItsNames() {
        String config = "{\"auths\":{\"r.io\":{\"auth\":\"dTpw\",\"username\":\"u\"}},\"kind\":\"Config\",\"port\":5000}";
        assertEquals("{\"kind\":\"Secret\",\"data\":{\"c\":\"{\\\"auths\\\":{\\\"r.io\\\":{\\\"auth\\\":\\\"<redacted>\\\","
                        + "\\\"username\\\":\\\"<redacted>\\\"}},\\\"kind\\\":\\\"Config\\\",\\\"port\\\":\\\"<redacted>\\\"}\"}}",
                docs("{\"kind\":\"Secret\",\"data\":{\"c\":\"" + SecretCorpus.base64(config) + "\"}}"));
        assertEquals("kind: Secret\ndata:\n  c: |  # base64-decoded, then redacted\n    name: x\n    token: <redacted>\n",
                docs("kind: Secret\ndata:\n  c: " + SecretCorpus.base64("name: x\ntoken: y\n") + "\n"));
        assertEquals("kind: Secret\ndata: {c: \"name: x\\ntoken: <redacted>\"}\n",
                docs("kind: Secret\ndata: {c: " + SecretCorpus.base64("name: x\ntoken: y") + "}\n"));
        assertEquals("kind: Secret\ndata:\n  c: <redacted>\n  d: <redacted>\n  e: \" a: <redacted>\"\n", docs("kind: Secret\ndata:\n  c: "
                + SecretCorpus.base64("user:pass") + "\n  d: " + SecretCorpus.base64("a: [") + "\n  e: "
                + SecretCorpus.base64(" a: b") + "\n"));
        assertEquals("kind: Secret\nstringData:\n  c: |  # redacted\n    name: x\n    password: <redacted>\n",
                docs("kind: Secret\nstringData:\n  c: \"name: x\\npassword: y\"\n"), "stringData was never base64");
        assertEquals("kind: Secret\nstringData:\n  c: \"  name: x\\n  password: <redacted>\"\n  d: \"<redacted>\"\n",
                docs("kind: Secret\nstringData:\n  c: \"  name: x\\n  password: y\"\n  d: \"  bad: x\\nyaml: y\"\n"));
    }

    @Test
    void whatStaysAndHowAReplacementIsWritten() {
        assertEquals("token: true\npassword: null\nsecret:\nn: 5\npin: <redacted>\nkey: !!binary <redacted>",
                docs("token: true\npassword: null\nsecret:\nn: 5\npin: 1234\nkey: !!binary aGVsbG8=").replace(
                        "pin: 1234", "pin: <redacted>").replace("key: !!binary aGVsbG8=", "key: !!binary <redacted>"));
        assertEquals("password: '<redacted>'\ntoken: \"<redacted>\"\n", docs("password: 'a b'\ntoken: \"c\"\n"));
        assertEquals("Authorization: Bearer <redacted>\nProxy-Authorization: <redacted>",
                docs("Authorization: Bearer abc\nProxy-Authorization: abc"));
        assertEquals("{\"authorization\": \"Basic <redacted>\", \"api-key\": \"<redacted>\"}",
                docs("{\"authorization\": \"Basic abc\", \"api-key\": 12}"));
        assertEquals("args: [\"--token\", \"<redacted>\", \"x\", \"--client-secret=<redacted>\", \"--v=2\"]",
                docs("args: [\"--token\", \"abc\", \"x\", \"--client-secret=def\", \"--v=2\"]"));
        assertEquals("users:\n- user:\n    exec:\n      env:\n      - {name: X, value: <redacted>}\n"
                        + "containers:\n- env:\n  - {name: X, value: kept}\n  - {name: API_KEY, value: <redacted>}\n",
                docs("users:\n- user:\n    exec:\n      env:\n      - {name: X, value: a}\n"
                        + "containers:\n- env:\n  - {name: X, value: kept}\n  - {name: API_KEY, value: b}\n"));
        assertEquals("- env:\n  - {name: X, value: <redacted>}\n  interactiveMode: Never\n",
                docs("- env:\n  - {name: X, value: a}\n  interactiveMode: Never\n"));
        assertTrue(secrets.contains("abc"), secrets.toString());
    }

    @Test
    void stringsThatHoldDocumentsAreRedactedAsDocumentsAndWrittenBackTheSameWay() {
        assertEquals("config: |\n  apiVersion: v1\n  token: <redacted>\nnext: x\n",
                docs("config: |\n  apiVersion: v1\n  token: abc\nnext: x\n"));
        assertEquals("config: \"token: <redacted>\\nname: x\"\n", docs("config: \"token: abc\\nname: x\"\n"));
        assertEquals("config: |-\n  \"token: <redacted>\\n\"\nnext: x\n".replace("|-\n  \"token: <redacted>\\n\"", "\"\\n  token: <redacted>\""),
                docs("config: \"\\n  token: abc\"\nnext: x\n"));
        assertEquals("m: '{\"password\": \"<redacted>\"}'", docs("m: '{\"password\": \"x\"}'")
                .replace("\"{\\\"password\\\": \\\"<redacted>\\\"}\"", "'{\"password\": \"<redacted>\"}'"));
        assertEquals("m: \"short\"", docs("m: \"short\""));
        String deep = "{\"a\": \"{\\\"b\\\": \\\"{\\\\\\\"c\\\\\\\": \\\\\\\"token: x\\\\\\\\ny: z\\\\\\\"}\\\"}\"}";
        assertTrue(docs(deep).length() > 0);
    }
}
