package io.meshconformance.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Unit tier: which runs may share a kept mesh, and what a user is told when they may not. */
class MeshFingerprintTest {

    static final Map<String, String> PARTS = Map.of("k3s.image", "rancher/k3s:v1.35.4-k3s1", "istio.version", "1.30.3",
            MeshFingerprint.HARNESS, "0.1.0");

    @Test
    void equalPartsGiveTheSameHashWhateverTheirOrder() {
        Map<String, String> reversed = new LinkedHashMap<>();
        reversed.put(MeshFingerprint.HARNESS, "0.1.0");
        reversed.put("istio.version", "1.30.3");
        reversed.put("k3s.image", "rancher/k3s:v1.35.4-k3s1");
        assertEquals(new MeshFingerprint(PARTS).hash(), new MeshFingerprint(reversed).hash());
        assertEquals(16, new MeshFingerprint(PARTS).hash().length());
        assertTrue(new MeshFingerprint(PARTS).hash().matches("[0-9a-f]{16}"));
    }

    @Test
    void anyPartChangedGivesAnotherHash() {
        String hash = new MeshFingerprint(PARTS).hash();
        for (String part : PARTS.keySet()) {
            Map<String, String> changed = new LinkedHashMap<>(PARTS);
            changed.put(part, PARTS.get(part) + "x");
            assertNotEquals(hash, new MeshFingerprint(changed).hash(), part);
        }
    }

    @Test
    void partsCannotBeConfusedByMovingTextAcrossTheirBoundary() {
        assertNotEquals(MeshFingerprint.hash(Map.of("a", "1\nb=2")), MeshFingerprint.hash(Map.of("a", "1", "b", "2")));
    }

    @Test
    void differencesNameThePartAndBothValues() {
        Map<String, String> kept = new LinkedHashMap<>(PARTS);
        kept.put("k3s.image", "rancher/k3s:v1.34.6-k3s1");
        assertEquals(List.of("k3s.image: kept 'rancher/k3s:v1.34.6-k3s1', this run 'rancher/k3s:v1.35.4-k3s1'"),
                new MeshFingerprint(PARTS).differences(kept));
        assertEquals(List.of(), new MeshFingerprint(PARTS).differences(PARTS));
    }

    @Test
    void longPartsAreNamedByTheirHashNotQuoted() {
        Map<String, String> mine = new LinkedHashMap<>(PARTS);
        mine.put("helm.values", "primary/istio-system/istiod (istiod) {global.meshID=mesh1}\nremote/...");
        Map<String, String> kept = new LinkedHashMap<>(PARTS);
        kept.put("helm.values", "primary/istio-system/istiod (istiod) {global.meshID=mesh2}\nremote/...");
        List<String> differences = new MeshFingerprint(mine).differences(kept);
        assertEquals(1, differences.size());
        assertTrue(differences.get(0).startsWith("helm.values: differs (kept "), differences.get(0));
        assertTrue(!differences.get(0).contains("mesh2"), differences.get(0));
    }

    @Test
    void aHundredCharactersAreQuotedAndMoreAreNot() {
        String hundred = "a".repeat(100);
        Map<String, String> mine = new LinkedHashMap<>(PARTS);
        mine.put("istio.charts", hundred);
        assertEquals(List.of("istio.charts: kept 'b', this run '" + hundred + "'"),
                new MeshFingerprint(mine).differences(Map.of("istio.charts", "b", "k3s.image",
                        PARTS.get("k3s.image"), "istio.version", "1.30.3", MeshFingerprint.HARNESS, "0.1.0")));
        mine.put("istio.charts", hundred + "a");
        assertTrue(new MeshFingerprint(mine).differences(PARTS).toString()
                .contains("istio.charts: the kept mesh lacks it"));
        Map<String, String> kept = new LinkedHashMap<>(PARTS);
        kept.put("istio.charts", "b");
        assertTrue(new MeshFingerprint(mine).differences(kept).get(0).startsWith("istio.charts: differs (kept "));
    }

    @Test
    void aPartOnlyOneSideHasIsADifferenceSaidAsSuch() {
        Map<String, String> kept = new LinkedHashMap<>(PARTS);
        kept.remove("istio.version");
        kept.put("old.part", "x");
        List<String> differences = new MeshFingerprint(PARTS).differences(kept);
        assertEquals(List.of("istio.version: the kept mesh lacks it (made by another harness version)",
                "old.part: the kept mesh has it, this run does not (another harness version?)"), differences);
    }

    @Test
    void theHarnessVersionIsAPart() {
        assertEquals("0.1.0", new MeshFingerprint(PARTS).harness());
        assertEquals("unknown", new MeshFingerprint(Map.of("k3s.image", "x")).harness());
    }

    @Test
    void aFingerprintOfNothingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MeshFingerprint(Map.of()));
    }
}
