package io.meshconformance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the record promises beyond reading: its constructor's checks, its report and how it prints. */
class MeshSettingsRecordTest {

    static MeshSettings settings(Map<String, String> props) {
        return MeshSettings.from(SettingSource.of(props, Map.of()));
    }

    /** {@code s} with another mode, flags and timeouts, through the public constructor. */
    static MeshSettings with(MeshSettings s, Mode mode, boolean installs, boolean attaches,
            Map<StageTimeout, Duration> timeouts) {
        return new MeshSettings(s.topology(), mode, s.k3sImage(), s.networkSubnet(), s.istioVersion(),
                s.istioCharts(), s.istioNamespace(), s.istioRevision(), s.bookinfoRegistry(), s.bookinfoTag(), s.imagesMirror(), s.imagesPreload(),
                s.primaryKubeconfig(), s.primaryContext(), s.remoteKubeconfig(), s.remoteContext(), s.remoteServer(),
                installs, attaches, s.doctorNamespace(), s.ingressSelector(), s.keepOnFailure(), s.reuse(), s.results(),
                s.verdictSuccesses(), timeouts, s.report());
    }

    @Test
    void everyStageHasATimeoutThatARunCannotChange() {
        MeshSettings s = settings(Map.of("mesh.timeout.attach", "90s"));
        assertEquals(StageTimeout.values().length, s.timeouts().size());
        assertEquals(Duration.ofSeconds(90), s.timeout(StageTimeout.ATTACH));
        assertThrows(UnsupportedOperationException.class, () -> s.timeouts().put(StageTimeout.ATTACH, Duration.ZERO));
        Map<StageTimeout, Duration> some = new EnumMap<>(s.timeouts());
        some.remove(StageTimeout.VERDICT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> with(s, Mode.K3S, true, true, some));
        assertTrue(e.getMessage().contains("needs every stage"), e.getMessage());
        MeshSettings copy = with(s, Mode.K3S, true, true, new HashMap<>(s.timeouts()));
        assertEquals(s, copy);
    }

    @Test
    void k3sModeAlwaysBuildsTheWholeMesh() {
        MeshSettings s = settings(Map.of());
        assertThrows(IllegalArgumentException.class, () -> with(s, Mode.K3S, false, true, s.timeouts()));
        assertThrows(IllegalArgumentException.class, () -> with(s, Mode.K3S, true, false, s.timeouts()));
        MeshSettings verify = with(s, Mode.EXISTING, false, false, s.timeouts());
        assertFalse(verify.installsIstio() || verify.attachesRemote());
    }

    @Test
    void theReportHoldsTheValuesAndWarningsTheSettingsShow() {
        MeshSettings s = settings(Map.of("mesh.existing.attach", "true"));
        assertEquals(new SettingsReport(s.effective(), s.warnings()), s.report());
        assertEquals(s.report().describe(), s.describe());
        assertTrue(s.describe().startsWith("Effective settings:\n"), s.describe());
        assertTrue(s.describe().matches(
                "(?s).*\n  mesh\\.existing\\.attach += true  \\(-Dmesh\\.existing\\.attach\\)\n.*"),
                s.describe());
    }

    @Test
    void printedSettingsShowNoCredentials() {
        MeshSettings s = settings(Map.of("mesh.images.mirror", "https://robot:s3cr3t@mirror.example.com:5000"));
        assertFalse(s.toString().contains("s3cr3t"), s.toString());
        assertTrue(s.toString().startsWith("MeshSettings[mesh.topology=fixtures/topologies/default.yaml, "),
                s.toString());
        assertTrue(s.toString().contains(", mesh.images.mirror=https://<redacted>@mirror.example.com:5000, "),
                s.toString());
    }

    @Test
    void theReportShowsEachValueAsTheRunReadIt(@TempDir Path dir) throws Exception {
        Path k = Files.writeString(dir.resolve("k.yaml"), "apiVersion: v1\nkind: Config\n");
        MeshSettings s = settings(Map.of("mesh.mode", "EXISTING", "mesh.primary.kubeconfig", k.toString(),
                "mesh.remote.kubeconfig", k.toString(), "mesh.istio.version", "v1.30.3",
                "mesh.bookinfo.registry", "mirror:5000/istio/", "mesh.ingress.selector", "istio=ingress, app=gw",
                "mesh.timeout.istio", "PT90S", "mesh.network.subnet", "192.168.242.0/24"));
        Map<String, String> shown = new HashMap<>();
        s.effective().forEach(e -> shown.put(e.key(), e.value()));
        assertEquals("existing", shown.get("mesh.mode"));
        assertEquals("1.30.3", shown.get("mesh.istio.version"));
        assertEquals("mirror:5000/istio", shown.get("mesh.bookinfo.registry"));
        assertEquals("app=gw,istio=ingress", shown.get("mesh.ingress.selector"));
        assertEquals("1m30s", shown.get("mesh.timeout.istio"));
        assertEquals("192.168.242.0/24", shown.get("mesh.network.subnet"));
        assertEquals(k.toString(), shown.get("mesh.remote.kubeconfig"));
        assertEquals("(not set)", shown.get("mesh.remote.server"));
        assertEquals("false", shown.get("mesh.existing.install"));
    }
}
