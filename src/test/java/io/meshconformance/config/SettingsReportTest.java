package io.meshconformance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report on its own: the table for the log and the properties file beside the results. */
class SettingsReportTest {

    static final List<MeshSettings.Effective> EFFECTIVE = List.of(
            new MeshSettings.Effective("mesh.mode", "k3s", "default"),
            new MeshSettings.Effective("mesh.images.mirror", "https://<redacted>@mirror:5000", "-Dmesh.images.mirror"),
            new MeshSettings.Effective("mesh.odd", "a=b\\c\nd", "$MESH_ODD"));

    @Test
    void theTableLinesUpTheValues() {
        SettingsReport report = new SettingsReport(EFFECTIVE.subList(0, 2), List.of());
        assertEquals("Effective settings:\n"
                + "  mesh.mode          = k3s  (default)\n"
                + "  mesh.images.mirror = https://<redacted>@mirror:5000  (-Dmesh.images.mirror)\n", report.describe());
    }

    @Test
    void theFileReadsBackAsTheValuesWithTheirOriginsAbove(@TempDir Path dir) throws Exception {
        Path written = new SettingsReport(EFFECTIVE, List.of("w")).writeTo(dir.resolve("results/run"));
        assertEquals(dir.resolve("results/run").resolve(SettingsReport.FILE_NAME), written);
        assertEquals("mesh-settings.properties", written.getFileName().toString());
        assertEquals("# Effective settings of this run (secrets redacted)\n"
                + "# from default\nmesh.mode=k3s\n"
                + "# from -Dmesh.images.mirror\nmesh.images.mirror=https\\://<redacted>@mirror\\:5000\n"
                + "# from $MESH_ODD\nmesh.odd=a\\=b\\\\c\\nd\n", Files.readString(written));
        Properties read = new Properties();
        try (Reader in = Files.newBufferedReader(written, StandardCharsets.UTF_8)) {
            read.load(in);
        }
        assertEquals(EFFECTIVE.size(), read.size());
        for (MeshSettings.Effective e : EFFECTIVE) {
            assertEquals(e.value(), read.getProperty(e.key()), e.key());
        }
    }

    @Test
    void theReportKeepsWhatItWasGiven() {
        List<MeshSettings.Effective> effective = new ArrayList<>(EFFECTIVE);
        List<String> warnings = new ArrayList<>(List.of("mesh.remote.server is ignored"));
        SettingsReport report = new SettingsReport(effective, warnings);
        effective.clear();
        warnings.clear();
        assertEquals(EFFECTIVE, report.effective());
        assertEquals(List.of("mesh.remote.server is ignored"), report.warnings());
    }
}
