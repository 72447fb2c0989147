package io.meshconformance.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.meshconformance.text.Redaction;
import io.meshconformance.text.Suggest;

/**
 * Reads settings one key at a time from a {@link SettingSource}, remembering each value as used and where it came
 * from, and collecting every problem instead of stopping at the first, so that one run names all of them.
 */
final class SettingsReader {

    /** How far a misspelled key may be from a known one to be suggested: enough for a typo, not a different key. */
    private static final int MAX_EDITS = 3;

    private final SettingSource source;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<MeshSettings.Effective> effective = new ArrayList<>();
    private final List<String> known = new ArrayList<>();

    SettingsReader(SettingSource source) {
        this.source = source;
    }

    /** Whether the user gave {@code key} at all, as a property or in the environment. */
    boolean given(String key) {
        return source.lookup(key).isPresent();
    }

    /**
     * The value of {@code key}, or of {@code defaultText} when it is not given; null when the text does not parse,
     * the problem then being recorded. {@code show} writes the value for the report (secrets redacted).
     */
    <T> T read(String key, String defaultText, Function<String, T> parse, Function<T, String> show) {
        known.add(key);
        Optional<SettingSource.Raw> raw = source.lookup(key);
        String text = raw.map(SettingSource.Raw::value).orElse(defaultText);
        String origin = raw.map(SettingSource.Raw::origin).orElse("default");
        return parsed(key, text, origin, parse, show);
    }

    /**
     * The value of {@code key} if given, empty if not; null when the text does not parse, the problem then being
     * recorded.
     */
    <T> Optional<T> readOptional(String key, Function<String, T> parse, Function<T, String> show) {
        known.add(key);
        Optional<SettingSource.Raw> raw = source.lookup(key);
        if (raw.isEmpty()) {
            effective.add(new MeshSettings.Effective(key, "(not set)", "default"));
            return Optional.empty();
        }
        T value = parsed(key, raw.get().value(), raw.get().origin(), parse, show);
        return value == null ? null : Optional.of(value);
    }

    private <T> T parsed(String key, String text, String origin, Function<String, T> parse,
            Function<T, String> show) {
        try {
            T value = parse.apply(text);
            effective.add(new MeshSettings.Effective(key, show.apply(value), origin));
            return value;
        } catch (IllegalArgumentException e) {
            // The value is quoted for the user, so a URL's credentials are cut out of it first.
            problems.add(key + " = '" + Redaction.uriText(text) + "' (from " + origin + ") " + e.getMessage());
            return null;
        }
    }

    /** Records problems found between settings, after the ones found in single values. */
    void problems(List<String> found) {
        problems.addAll(found);
    }

    void warnings(List<String> found) {
        warnings.addAll(found);
    }

    /**
     * A {@code -Dmesh.*} property that no setting read is most likely a typo and a problem; a {@code MESH_*}
     * variable only a warning, as other tools may use that prefix too. Call after every key has been read.
     */
    void rejectUnknownKeys() {
        for (String key : source.givenKeys()) {
            if (!known.contains(key)) {
                problems.add("-D" + key + " is not a setting of this harness" + closest(key)
                        + "; the README lists every setting");
            }
        }
        List<String> knownEnv = known.stream().map(SettingSource::environmentName).toList();
        for (String name : source.givenEnvironmentNames()) {
            if (!knownEnv.contains(name)) {
                // Fewer edits than a third of what follows MESH_: MESH_ID is not a misspelled MESH_MODE.
                int edits = Math.min(MAX_EDITS, (name.length() - "MESH_".length()) / 3);
                warnings.add("environment variable " + name + " is not a setting of this harness and is ignored"
                        + Suggest.closest(name, knownEnv, edits).map(k -> " (did you mean " + k + "?)").orElse(""));
            }
        }
    }

    private String closest(String key) {
        return Suggest.closest(key, known, MAX_EDITS).map(k -> " (did you mean " + k + "?)").orElse("");
    }

    /** Throws every problem recorded so far together; does nothing when there is none. */
    void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems, warnings);
        }
    }

    /** The values as used and the warnings, in the order the keys were read. */
    SettingsReport report() {
        return new SettingsReport(effective, warnings);
    }
}
