package io.meshconformance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** The reader on its own: values and origins remembered, every problem kept, unknown keys caught. */
class SettingsReaderTest {

    static SettingsReader reader(Map<String, String> props, Map<String, String> env) {
        return new SettingsReader(SettingSource.of(props, env));
    }

    static Integer number(String text) {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a number");
        }
    }

    @Test
    void eachValueIsRememberedAsShownWithItsOrigin() {
        SettingsReader r = reader(Map.of("mesh.a", "2"), Map.of("MESH_B", "3"));
        assertEquals(2, r.read("mesh.a", "1", SettingsReaderTest::number, n -> "#" + n));
        assertEquals(3, r.read("mesh.b", "1", SettingsReaderTest::number, n -> "#" + n));
        assertEquals(1, r.read("mesh.c", "1", SettingsReaderTest::number, n -> "#" + n));
        assertEquals(List.of(new MeshSettings.Effective("mesh.a", "#2", "-Dmesh.a"),
                new MeshSettings.Effective("mesh.b", "#3", "$MESH_B"),
                new MeshSettings.Effective("mesh.c", "#1", "default")), r.report().effective());
    }

    @Test
    void anOptionalSettingNotGivenIsShownAsNotSet() {
        SettingsReader r = reader(Map.of("mesh.a", "2"), Map.of());
        assertEquals(Optional.of(2), r.readOptional("mesh.a", SettingsReaderTest::number, String::valueOf));
        assertEquals(Optional.empty(), r.readOptional("mesh.b", SettingsReaderTest::number, String::valueOf));
        assertEquals(List.of(new MeshSettings.Effective("mesh.a", "2", "-Dmesh.a"),
                new MeshSettings.Effective("mesh.b", "(not set)", "default")), r.report().effective());
    }

    @Test
    void everyBadValueIsKeptAndTheReadGoesOn() {
        SettingsReader r = reader(Map.of("mesh.a", "x"), Map.of("MESH_B", "y"));
        assertNull(r.read("mesh.a", "1", SettingsReaderTest::number, String::valueOf));
        assertNull(r.readOptional("mesh.b", SettingsReaderTest::number, String::valueOf),
                "null, not empty: the value was given but is bad");
        assertNull(r.read("mesh.c", "z", SettingsReaderTest::number, String::valueOf), "a bad default is a bug too");
        assertEquals(List.of(), r.report().effective(), "a bad value is not reported as used");
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, r::throwIfInvalid);
        assertEquals(List.of("mesh.a = 'x' (from -Dmesh.a) must be a number",
                "mesh.b = 'y' (from $MESH_B) must be a number",
                "mesh.c = 'z' (from default) must be a number"), e.problems());
    }

    @Test
    void credentialsInABadUrlAreNotQuoted() {
        SettingsReader r = reader(Map.of("mesh.a", "ftp://robot:s3cr3t@mirror"), Map.of());
        r.readOptional("mesh.a", text -> {
            throw new IllegalArgumentException("is refused");
        }, Function.identity());
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, r::throwIfInvalid);
        assertEquals(List.of("mesh.a = 'ftp://<redacted>@mirror' (from -Dmesh.a) is refused"), e.problems());
    }

    @Test
    void problemsBetweenSettingsComeAfterThoseOfSingleValues() {
        SettingsReader r = reader(Map.of("mesh.a", "x"), Map.of());
        r.read("mesh.a", "1", SettingsReaderTest::number, String::valueOf);
        r.problems(List.of("mesh.a and mesh.b disagree"));
        r.warnings(List.of("mesh.c is ignored"));
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, r::throwIfInvalid);
        assertEquals(List.of("mesh.a = 'x' (from -Dmesh.a) must be a number", "mesh.a and mesh.b disagree"),
                e.problems());
        assertEquals(List.of("mesh.c is ignored"), r.report().warnings());
    }

    @Test
    void nothingIsThrownWithoutProblems() {
        SettingsReader r = reader(Map.of(), Map.of());
        r.read("mesh.a", "1", SettingsReaderTest::number, String::valueOf);
        r.problems(List.of());
        r.rejectUnknownKeys();
        r.throwIfInvalid();
        assertEquals(List.of(), r.report().warnings());
    }

    @Test
    void givenMeansSetAsPropertyOrInTheEnvironmentAndNotBlank() {
        SettingsReader r = reader(Map.of("mesh.a", "1", "mesh.blank", " "), Map.of("MESH_B", "2"));
        assertTrue(r.given("mesh.a"));
        assertTrue(r.given("mesh.b"));
        assertFalse(r.given("mesh.blank"));
        assertFalse(r.given("mesh.c"));
    }

    @Test
    void anUnknownPropertyIsAProblemWithTheClosestKnownKey() {
        SettingsReader r = reader(Map.of("mesh.timout.istio", "5m", "mesh.colour", "blue"), Map.of());
        r.read("mesh.timeout.istio", "1", Function.identity(), Function.identity());
        r.read("mesh.color.scheme", "1", Function.identity(), Function.identity());
        r.rejectUnknownKeys();
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, r::throwIfInvalid);
        assertEquals(List.of("-Dmesh.colour is not a setting of this harness; the README lists every setting",
                "-Dmesh.timout.istio is not a setting of this harness (did you mean mesh.timeout.istio?); the README"
                + " lists every setting"), e.problems());
    }

    @Test
    void anUnknownEnvironmentVariableIsOnlyAWarning() {
        SettingsReader r = reader(Map.of(), Map.of("MESH_KEEP_ON_FAILURE", "true", "MESH_ID", "mesh1"));
        r.read("mesh.keepOnFailure", "false", Function.identity(), Function.identity());
        r.rejectUnknownKeys();
        r.throwIfInvalid();
        assertEquals(List.of("environment variable MESH_ID is not a setting of this harness and is ignored"),
                r.report().warnings());
    }

    @Test
    void aNearMissEnvironmentVariableIsWarnedAboutWithTheClosestSetting() {
        SettingsReader r = reader(Map.of(), Map.of("MESH_TIMOUT_ISTIO", "5m"));
        r.read("mesh.timeout.istio", "1", Function.identity(), Function.identity());
        r.rejectUnknownKeys();
        r.throwIfInvalid();
        assertEquals(List.of("environment variable MESH_TIMOUT_ISTIO is not a setting of this harness and is ignored"
                + " (did you mean MESH_TIMEOUT_ISTIO?)"), r.report().warnings());
    }

    @Test
    void theWarningsComeWithTheProblemsWhenTheSettingsAreInvalid() {
        SettingsReader r = reader(Map.of("mesh.a", "x"), Map.of("MESH_PRIMARY_KUBECONFIGG", "/k"));
        r.read("mesh.a", "1", SettingsReaderTest::number, String::valueOf);
        r.read("mesh.primary.kubeconfig", "1", Function.identity(), Function.identity());
        r.rejectUnknownKeys();
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, r::throwIfInvalid);
        assertEquals(List.of("environment variable MESH_PRIMARY_KUBECONFIGG is not a setting of this harness and is"
                + " ignored (did you mean MESH_PRIMARY_KUBECONFIG?)"), e.warnings());
        assertEquals("Invalid settings (1):\n  - mesh.a = 'x' (from -Dmesh.a) must be a number\nWarnings (1):\n"
                + "  - environment variable MESH_PRIMARY_KUBECONFIGG is not a setting of this harness and is ignored"
                + " (did you mean MESH_PRIMARY_KUBECONFIG?)", e.getMessage());
    }

    @Test
    void aThousandBadKeysListTheFirstThirtyAndCountTheRest() {
        Map<String, String> props = new TreeMap<>();
        for (int i = 0; i < 1000; i++) {
            props.put(String.format("mesh.unknown%04d", i), "x");
        }
        SettingsReader r = reader(props, Map.of());
        r.rejectUnknownKeys();
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, r::throwIfInvalid);
        assertEquals(1000, e.problems().size());
        List<String> lines = e.getMessage().lines().toList();
        assertEquals(2 + InvalidSettingsException.MAX_SHOWN, lines.size());
        assertEquals("Invalid settings (1000):", lines.get(0));
        assertEquals("  - -Dmesh.unknown0000 is not a setting of this harness; the README lists every setting",
                lines.get(1));
        assertEquals("  ... and 970 more problems", lines.get(31));
    }
}
