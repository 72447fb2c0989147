package io.meshconformance.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import io.meshconformance.text.Planted.Context;

/**
 * The corpus of realistic secret shapes, each planted in each of its contexts with a few fixed seeds: no piece of a
 * secret survives redaction. And the corpus of harmless evidence: it survives unchanged.
 */
@Tag("adversarial")
class RedactionAdversarialCorpusTest {

    static final int SEEDS = 12;

    static List<Context> contexts() {
        List<Context> all = new ArrayList<>(DocumentPlantings.ALL);
        all.addAll(LogPlantings.ALL);
        return all;
    }

    @TestFactory
    Stream<DynamicTest> noPieceOfAPlantedSecretSurvives() {
        return contexts().stream().map(context -> DynamicTest.dynamicTest(context.name(), () -> {
            for (long i = 1; i <= SEEDS; i++) {
                long seed = i * 7919 + context.name().hashCode();
                Planted planted = context.make(new SecretCorpus(seed));
                String out = Redaction.text(planted.text());
                assertNull(planted.leak(out), () -> "seed " + seed + "\n--- in:\n" + planted.text() + "\n--- out:\n"
                        + out);
            }
        }));
    }

    @Test
    void harmlessEvidenceSurvivesUnchanged() {
        for (long seed = 1; seed <= 50; seed++) {
            HarmlessText harmless = new HarmlessText(new java.util.Random(seed));
            String lines = harmless.lines(20);
            assertEquals(lines, Redaction.text(lines));
            String pod = harmless.podYaml();
            assertEquals(pod, Redaction.text(pod));
        }
    }
}
