package io.meshconformance.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Tells the user what a run uses: every setting's value and origin (secrets already redacted by the reader), as a
 * table for the log and as {@code mesh-settings.properties} beside the results, and the warnings that did not stop
 * the run.
 *
 * @param effective every setting in the order it was read (the README's order)
 * @param warnings things worth telling that do not stop the run (an ignored setting, an unknown MESH_ variable)
 */
public record SettingsReport(List<MeshSettings.Effective> effective, List<String> warnings) {

    /** The name of the file {@link #writeTo} writes. */
    public static final String FILE_NAME = "mesh-settings.properties";

    public SettingsReport {
        effective = List.copyOf(effective);
        warnings = List.copyOf(warnings);
    }

    /** A table for the log: key, value, origin, the keys padded to one width. */
    public String describe() {
        int width = effective.stream().mapToInt(e -> e.key().length()).max().orElse(10);
        return effective.stream()
                .map(e -> String.format("  %-" + width + "s = %s  (%s)", e.key(), e.value(), e.origin()))
                .collect(Collectors.joining("\n", "Effective settings:\n", "\n"));
    }

    /**
     * Writes the effective settings as {@value #FILE_NAME} into {@code directory}, which is created if need be:
     * a properties file that {@link java.util.Properties#load(java.io.Reader)} reads back, each value's origin in
     * a comment above it.
     */
    public Path writeTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        StringBuilder text = new StringBuilder("# Effective settings of this run (secrets redacted)\n");
        for (MeshSettings.Effective e : effective) {
            text.append("# from ").append(e.origin()).append('\n')
                    .append(e.key()).append('=').append(escape(e.value())).append('\n');
        }
        Path file = directory.resolve(FILE_NAME);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** The escapes java.util.Properties.load reads back: backslash, line break, ':' and '='. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace(":", "\\:").replace("=", "\\=");
    }
}
