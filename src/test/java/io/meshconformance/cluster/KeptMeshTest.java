package io.meshconformance.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Unit tier: the record a kept mesh carries, as the next run and bin/mesh-down read it. */
class KeptMeshTest {

    static final Instant MADE = Instant.parse("2026-12-02T10:00:00Z");

    static KeptMesh record() {
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put("1. Clusters", 180.5);
        stages.put("2. Istio primary", 95.0);
        return new KeptMesh("0123456789abcdef", Map.of("k3s.image", "rancher/k3s:v1.35.4-k3s1"), "0.1.0",
                "20261202-1000-ab12", MADE, List.of("Istio in 'primary': base, istiod"), stages, "20261202-1000-ab12",
                MADE.plusSeconds(600), 1);
    }

    @Test
    void itReadsBackAsWritten() {
        KeptMesh record = record();
        assertEquals(record, KeptMesh.fromJson(record.toJson()));
        assertEquals(List.of("1. Clusters", "2. Istio primary"), List.copyOf(KeptMesh.fromJson(record.toJson())
                .coldStages().keySet()), "the stages keep their order");
    }

    @Test
    void anotherRunOnItKeepsTheColdRunsFigures() {
        KeptMesh again = record().servedAgain("20261202-1100-cd34", MADE.plusSeconds(3600));
        assertEquals(2, again.runs());
        assertEquals("20261202-1100-cd34", again.lastRun());
        assertEquals("20261202-1000-ab12", again.madeBy());
        assertEquals(record().coldStages(), again.coldStages());
        assertEquals(275.5, again.coldSeconds(), 1e-9);
    }

    @Test
    void aRecordMissingAFieldIsRefusedNamingIt() {
        String text = record().toJson().replace("\"madeBy\"", "\"madeby\"");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeptMesh.fromJson(text));
        assertTrue(e.getMessage().contains("no 'madeBy'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KeptMesh.fromJson("not json {"));
        assertThrows(IllegalArgumentException.class, () -> KeptMesh.fromJson(record().toJson()
                .replace("2026-12-02T10:00:00Z", "yesterday")));
    }

    @Test
    void ageReadsAsAPersonSaysIt() {
        assertEquals("42 s", KeptMesh.age(Duration.ofSeconds(42)));
        assertEquals("59 s", KeptMesh.age(Duration.ofSeconds(59)));
        assertEquals("1 min", KeptMesh.age(Duration.ofSeconds(60)));
        assertEquals("12 min", KeptMesh.age(Duration.ofMinutes(12)));
        assertEquals("59 min", KeptMesh.age(Duration.ofMinutes(59)));
        assertEquals("1 h 0 min", KeptMesh.age(Duration.ofMinutes(60)));
        assertEquals("23 h 59 min", KeptMesh.age(Duration.ofMinutes(24 * 60 - 1)));
        assertEquals("1 d 0 h", KeptMesh.age(Duration.ofHours(24)));
        assertEquals("2 h 5 min", KeptMesh.age(Duration.ofMinutes(125)));
        assertEquals("3 d 4 h", KeptMesh.age(Duration.ofHours(76)));
        assertEquals("0 s", KeptMesh.age(Duration.ofSeconds(-5)), "a clock behind the node's is not negative");
        assertEquals("made by run 20261202-1000-ab12 1 h 0 min ago (harness 0.1.0), 1 passing run on it, the last"
                + " 20261202-1000-ab12", record().describe(MADE.plusSeconds(3600)));
    }

    @Test
    void theOriginOfAWarmRunNamesTheMeshAndOfARebuiltOneTheReasons() {
        ClusterOrigin warm = ClusterOrigin.warm(record());
        assertTrue(warm.warm());
        assertTrue(warm.describe(MADE.plusSeconds(60)).startsWith("warm: reusing the kept mesh 0123456789abcdef, made"
                + " by run 20261202-1000-ab12 1 min ago"), warm.describe(MADE));
        assertEquals(ClusterOrigin.Kind.COLD, ClusterOrigin.started(List.of()).kind());
        assertFalse(ClusterOrigin.cold().warm());
        assertFalse(ClusterOrigin.existing().warm());
        assertEquals("existing", ClusterOrigin.existing().kind().label());
        assertEquals("existing: the user's clusters", ClusterOrigin.existing().describe(MADE));
        assertEquals("cold: clusters started for this run", ClusterOrigin.cold().describe(MADE));
        ClusterOrigin rebuilt = ClusterOrigin.started(List.of("kept mesh x of run y: the node of cluster 'remote' is"
                + " exited"));
        assertEquals("rebuilt", rebuilt.kind().label());
        assertEquals("rebuilt: clusters started afresh, as kept mesh x of run y: the node of cluster 'remote' is"
                + " exited", rebuilt.describe(MADE));
        assertThrows(IllegalArgumentException.class, () -> new ClusterOrigin(ClusterOrigin.Kind.WARM,
                Optional.empty(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ClusterOrigin(ClusterOrigin.Kind.REBUILT,
                Optional.empty(), List.of()));
    }
}
