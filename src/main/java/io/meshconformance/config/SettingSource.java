package io.meshconformance.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a setting's raw text comes from: a system property {@code -Dmesh.x.y} first, then the environment
 * variable {@code MESH_X_Y}. Test code builds one from plain maps.
 */
public final class SettingSource {

    /** Raw text of a setting with the place it was found, for the effective-settings report. */
    public record Raw(String value, String origin) {
    }

    private final Map<String, String> properties;
    private final Map<String, String> environment;

    private SettingSource(Map<String, String> properties, Map<String, String> environment) {
        this.properties = Map.copyOf(properties);
        this.environment = Map.copyOf(environment);
    }

    public static SettingSource system() {
        Properties props = System.getProperties();
        Map<String, String> copy = new HashMap<>();
        for (String name : props.stringPropertyNames()) {
            if (name.startsWith("mesh.")) {
                copy.put(name, props.getProperty(name));
            }
        }
        Map<String, String> env = new HashMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("MESH_")) {
                env.put(k, v);
            }
        });
        return new SettingSource(copy, env);
    }

    public static SettingSource of(Map<String, String> properties, Map<String, String> environment) {
        return new SettingSource(properties, environment);
    }

    /**
     * {@code mesh.keepOnFailure} becomes {@code MESH_KEEP_ON_FAILURE}, {@code mesh.k3s.image} becomes
     * {@code MESH_K3S_IMAGE}: dots and camel-case humps turn into underscores.
     */
    public static String environmentName(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').replace('-', '_')
                .toUpperCase(Locale.ROOT);
    }

    public Optional<Raw> lookup(String key) {
        String fromProperty = properties.get(key);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return Optional.of(new Raw(fromProperty.trim(), "-D" + key));
        }
        String envName = environmentName(key);
        String fromEnv = environment.get(envName);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(new Raw(fromEnv.trim(), "$" + envName));
        }
        return Optional.empty();
    }

    /** Keys under {@code mesh.} that were given but that no setting reads: most likely typos. */
    public Set<String> givenKeys() {
        Set<String> keys = new TreeSet<>(properties.keySet());
        return keys;
    }

    public Set<String> givenEnvironmentNames() {
        return new TreeSet<>(environment.keySet());
    }
}
