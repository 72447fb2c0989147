package io.meshconformance.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The YAML reader's own limits, which bound a crafted text that the file-size limit lets through (or that never
 * was a file): the length of the text, of one value, and the depth of nesting.
 */
class TopologyYamlLimitsTest {

    static final YamlReader SMALL = new YamlReader(4096, 64, 4, "a topology");
    static final Duration BOUND = TopologyFileTest.BOUND;

    static String refusal(YamlReader reader, String text) {
        return assertTimeoutPreemptively(BOUND,
                () -> assertThrows(IllegalArgumentException.class, () -> reader.read(text))).getMessage();
    }

    @Test
    void aDocumentWithinTheLimitsIsRead() {
        assertEquals("b", SMALL.read("a:\n  - {x: [b]}\n").get("a").get(0).get("x").get(0).asString());
    }

    @Test
    void aLongerTextIsRefusedBeforeParsing() {
        assertEquals("is 5000 characters long, more than the 4096 this harness reads; pass a topology file",
                refusal(SMALL, "#".repeat(5000)));
    }

    @Test
    void aLongValueIsRefused() {
        assertTrue(refusal(SMALL, "a: " + "b".repeat(65)).startsWith("has a key or value longer than 64 characters"
                + " (line 1)"));
        assertTrue(refusal(SMALL, "k".repeat(65) + ": b").startsWith("has a key or value longer than 64"));
    }

    @Test
    void deepNestingIsRefused() {
        assertTrue(refusal(SMALL, "a: " + "[".repeat(10) + "]".repeat(10)).startsWith("nests mappings and lists"
                + " more than 4 levels deep (line 1)"));
    }

    @Test
    void theTopologyReaderBoundsAMegabyteOfBrackets() {
        String text = "clusters: " + "[".repeat(TopologyLoader.MAX_FILE_BYTES / 2 - 10)
                + "]".repeat(TopologyLoader.MAX_FILE_BYTES / 2 - 10);
        String what = assertTimeoutPreemptively(BOUND, () -> assertThrows(InvalidTopologyException.class,
                () -> TopologyLoader.parse(text, "inline", List.of()))).problems().get(0).what();
        assertTrue(what.startsWith("nests mappings and lists more than 16 levels deep"), what);
    }

    @Test
    void aTextLongerThanTheTopologyLimitIsRefusedBeforeParsing() {
        String text = "clusters: " + "a".repeat(20 << 20);
        String what = assertTimeoutPreemptively(BOUND, () -> assertThrows(InvalidTopologyException.class,
                () -> TopologyLoader.parse(text, "inline", List.of()))).problems().get(0).what();
        assertEquals("is 20971530 characters long, more than the 1048576 this harness reads; pass a topology file",
                what);
    }

    @Test
    void anAliasIsNotExpanded() {
        String bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n";
        YamlReader reader = new YamlReader(4096, 64, 8, "a topology");
        assertEquals(10, assertTimeoutPreemptively(BOUND, () -> reader.read(bomb)).get("d").size());
    }
}
