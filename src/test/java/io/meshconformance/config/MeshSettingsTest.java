package io.meshconformance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MeshSettingsTest {

    static MeshSettings settings(Map<String, String> props) {
        return MeshSettings.from(SettingSource.of(props, Map.of()));
    }

    static InvalidSettingsException invalid(Map<String, String> props, Map<String, String> env) {
        return assertThrows(InvalidSettingsException.class, () -> MeshSettings.from(SettingSource.of(props, env)));
    }

    @Test
    void defaultsNeedNothingSet() {
        MeshSettings s = settings(Map.of());
        assertEquals(Mode.K3S, s.mode());
        assertEquals(Path.of("fixtures/topologies/default.yaml"), s.topology());
        assertEquals("rancher/k3s:v1.35.4-k3s1", s.k3sImage());
        assertEquals("1.30.3", s.istioVersion().toString());
        assertEquals("https://istio-release.storage.googleapis.com/charts", s.istioCharts().toString());
        assertEquals("docker.io/istio", s.bookinfoRegistry());
        assertEquals("1.20.3", s.bookinfoTag());
        assertFalse(s.keepOnFailure());
        assertEquals(5, s.verdictSuccesses());
        assertEquals(Duration.ofMinutes(5), s.timeout(StageTimeout.CLUSTERS));
        assertTrue(s.effective().stream().allMatch(e -> e.origin().equals("default")));
    }

    @Test
    void propertyWinsOverEnvironment() {
        MeshSettings s = MeshSettings.from(SettingSource.of(Map.of("mesh.bookinfo.tag", "1.20.2"),
                Map.of("MESH_BOOKINFO_TAG", "1.19.1", "MESH_KEEP_ON_FAILURE", "true")));
        assertEquals("1.20.2", s.bookinfoTag());
        assertTrue(s.keepOnFailure());
        MeshSettings.Effective keep = s.effective().stream()
                .filter(e -> e.key().equals("mesh.keepOnFailure")).findFirst().orElseThrow();
        assertEquals("$MESH_KEEP_ON_FAILURE", keep.origin());
    }

    @ParameterizedTest
    @CsvSource({
        "mesh.keepOnFailure, MESH_KEEP_ON_FAILURE",
        "mesh.k3s.image, MESH_K3S_IMAGE",
        "mesh.timeout.clusters, MESH_TIMEOUT_CLUSTERS",
        "mesh.primary.kubeconfig, MESH_PRIMARY_KUBECONFIG",
    })
    void environmentNames(String key, String env) {
        assertEquals(env, SettingSource.environmentName(key));
    }

    @Test
    void everyBadValueIsReportedAtOnceWithKeyValueOriginAndForm() {
        InvalidSettingsException e = invalid(Map.of(
                "mesh.mode", "kind",
                "mesh.istio.version", "1.22.0",
                "mesh.timeout.istio", "five minutes",
                "mesh.keepOnFailure", "yes",
                "mesh.verdict.successes", "0"), Map.of("MESH_K3S_IMAGE", "rancher/k3s:v1.35.4+k3s1"));
        assertEquals(6, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("mesh.verdict.successes = '0' (from -Dmesh.verdict.successes) must be a whole"
                + " number from 1 to 999"), e.getMessage());
        String all = e.getMessage();
        assertTrue(all.contains("mesh.mode = 'kind' (from -Dmesh.mode) must be 'k3s'"), all);
        assertTrue(all.contains("mesh.istio.version = '1.22.0' (from -Dmesh.istio.version) is older than 1.24.0"), all);
        assertTrue(all.contains("mesh.timeout.istio = 'five minutes'"), all);
        assertTrue(all.contains("like 90s, 5m, 1h30m or PT5M"), all);
        assertTrue(all.contains("mesh.keepOnFailure = 'yes' (from -Dmesh.keepOnFailure) must be 'true' or 'false'"), all);
        assertTrue(all.contains("(from $MESH_K3S_IMAGE) has a '+' in its tag; k3s image tags write '+' as '-', e.g."
                + " rancher/k3s:v1.35.4-k3s1"), all);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rancher/k3s|has no tag",
        "rancher/k3s:latest|'latest'",
        "Rancher K3s|is not an image reference",
    })
    void k3sImageMustBePinned(String image, String reason) {
        InvalidSettingsException e = invalid(Map.of("mesh.k3s.image", image), Map.of());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void privateRegistryImagesAreAccepted() {
        assertEquals("mirror.example.com:5000/rancher/k3s:v1.35.4-k3s1",
                settings(Map.of("mesh.k3s.image", "mirror.example.com:5000/rancher/k3s:v1.35.4-k3s1")).k3sImage());
    }

    @Test
    void existingModeNeedsBothKubeconfigs() {
        InvalidSettingsException e = invalid(Map.of("mesh.mode", "existing"), Map.of());
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith("mesh.primary.kubeconfig is required when mesh.mode=existing"));
        assertTrue(e.problems().get(1).startsWith("mesh.remote.kubeconfig is required when mesh.mode=existing"));
    }

    @Test
    void existingModeWithKubeconfigs(@TempDir Path dir) throws Exception {
        Path primary = Files.writeString(dir.resolve("primary.yaml"), "apiVersion: v1\nkind: Config\n");
        Path remote = Files.writeString(dir.resolve("remote.yaml"), "apiVersion: v1\nkind: Config\n");
        MeshSettings s = settings(Map.of("mesh.mode", "existing", "mesh.primary.kubeconfig", primary.toString(),
                "mesh.remote.kubeconfig", remote.toString(), "mesh.remote.context", "ack-remote"));
        assertEquals(Mode.EXISTING, s.mode());
        assertEquals(primary, s.primaryKubeconfig().orElseThrow());
        assertEquals("ack-remote", s.remoteContext().orElseThrow());
    }

    @Test
    void existingModeVerifiesByDefaultAndMakesOnlyWhatItIsAskedTo(@TempDir Path dir) throws Exception {
        Path k = Files.writeString(dir.resolve("k.yaml"), "apiVersion: v1\nkind: Config\n");
        Map<String, String> existing = Map.of("mesh.mode", "existing", "mesh.primary.kubeconfig", k.toString(),
                "mesh.remote.kubeconfig", k.toString());
        MeshSettings verify = settings(existing);
        assertFalse(verify.installsIstio());
        assertFalse(verify.attachesRemote());
        assertEquals("bookinfo", verify.doctorNamespace());
        Map<String, String> make = new HashMap<>(existing);
        make.putAll(Map.of("mesh.existing.install", "true", "mesh.existing.attach", "true",
                "mesh.remote.server", "https://10.0.0.12:6443"));
        MeshSettings both = settings(make);
        assertTrue(both.installsIstio() && both.attachesRemote());
        assertEquals("https://10.0.0.12:6443", both.remoteServer().orElseThrow().toString());
        MeshSettings k3s = settings(Map.of());
        assertTrue(k3s.installsIstio() && k3s.attachesRemote(), "k3s mode always builds the mesh itself");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://10.0.0.12:6443 | must be an https:// URL of the remote's API server",
        "https://127.0.0.1:6443 | points at loopback ('127.0.0.1'), which in istiod's pod is the pod itself",
        "https://localhost:6443 | points at loopback ('localhost')",
        "10.0.0.12:6443 | is not a URL (no https:// in front); write it like https://10.0.0.12:6443"})
    void remoteServerMustBeReachableFromPods(String server, String reason) {
        InvalidSettingsException e = invalid(Map.of("mesh.remote.server", server), Map.of());
        assertTrue(e.getMessage().contains("mesh.remote.server = '" + server + "' (from -Dmesh.remote.server) "
                + reason), e.getMessage());
    }

    @Test
    void badExistingModeFlagsAndNamespaceAreNamed() {
        InvalidSettingsException e = invalid(Map.of("mesh.existing.install", "yes", "mesh.doctor.namespace",
                "Book_Info"), Map.of());
        assertTrue(e.getMessage().contains("mesh.existing.install = 'yes' (from -Dmesh.existing.install) must be"
                + " 'true' or 'false'"), e.getMessage());
        assertTrue(e.getMessage().contains("mesh.doctor.namespace = 'Book_Info' (from -Dmesh.doctor.namespace) is"
                + " not a namespace name"), e.getMessage());
    }

    @Test
    void installingWithoutAttachingIsRefused(@TempDir Path dir) throws Exception {
        Path k = Files.writeString(dir.resolve("k.yaml"), "apiVersion: v1\nkind: Config\n");
        InvalidSettingsException e = invalid(Map.of("mesh.mode", "existing", "mesh.primary.kubeconfig", k.toString(),
                "mesh.remote.kubeconfig", k.toString(), "mesh.existing.install", "true"), Map.of());
        assertEquals(List.of("mesh.existing.install=true needs mesh.existing.attach=true: a remote whose Istio this"
                + " run installs has no attachment yet to verify; set both, or neither to verify the mesh as found"),
                e.problems());
    }

    @Test
    void theIngressSelectorIsReadInExistingModeOnly(@TempDir Path dir) throws Exception {
        Path k = Files.writeString(dir.resolve("k.yaml"), "apiVersion: v1\nkind: Config\n");
        MeshSettings existing = settings(Map.of("mesh.mode", "existing", "mesh.primary.kubeconfig", k.toString(),
                "mesh.remote.kubeconfig", k.toString(), "mesh.ingress.selector", "istio=ingress, app=istio-ingress"));
        assertEquals(LabelSelector.of(Map.of("istio", "ingress", "app", "istio-ingress")), existing.ingressSelector());
        MeshSettings k3s = settings(Map.of("mesh.ingress.selector", "istio=ingress"));
        assertTrue(k3s.installsIstio(), "the run installs its own gateway, so the setting does not apply"
                + " (IstioPlan.ingressPods)");
        assertTrue(k3s.warnings().get(0).contains("mesh.ingress.selector is ignored when mesh.mode=k3s"));
        InvalidSettingsException e = invalid(Map.of("mesh.ingress.selector", "istio"), Map.of());
        assertTrue(e.getMessage().contains("mesh.ingress.selector = 'istio' (from -Dmesh.ingress.selector) is not a"
                + " label selector; write key=value[,key=value]"), e.getMessage());
    }

    @Test
    void existingModeFlagsAreIgnoredWithAWarningInK3sMode() {
        MeshSettings s = settings(Map.of("mesh.existing.attach", "true"));
        assertTrue(s.warnings().get(0).contains("mesh.existing.attach is ignored when mesh.mode=k3s"),
                s.warnings().toString());
    }

    @Test
    void missingPathsAreNamed() {
        InvalidSettingsException e = invalid(Map.of("mesh.topology", "no/such.yaml",
                "mesh.images.preload", "no/such/dir", "mesh.istio.charts", "no/charts"), Map.of());
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("mesh.topology = 'no/such.yaml' (from -Dmesh.topology) does not exist"));
        assertTrue(e.getMessage().contains("mesh.images.preload = 'no/such/dir'"));
        assertTrue(e.getMessage().contains("is neither a URL nor an existing directory"));
    }

    @Test
    void localChartDirectoryMustHoldTheThreeArchivesOfTheVersion(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("base-1.30.3.tgz"), "x");
        InvalidSettingsException e = invalid(Map.of("mesh.istio.charts", dir.toString()), Map.of());
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).contains("lacks istiod-1.30.3.tgz, gateway-1.30.3.tgz for"
                + " mesh.istio.version=1.30.3"), e.getMessage());
        Files.writeString(dir.resolve("istiod-1.30.3.tgz"), "x");
        Files.writeString(dir.resolve("gateway-1.30.3.tgz"), "x");
        assertEquals(dir, settings(Map.of("mesh.istio.charts", dir.toString())).istioCharts().directory().orElseThrow());
    }

    @Test
    void kubeconfigsAreIgnoredWithAWarningInK3sMode(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("k"), "x");
        MeshSettings s = settings(Map.of("mesh.primary.kubeconfig", kubeconfig.toString()));
        assertTrue(s.warnings().get(0).contains("mesh.primary.kubeconfig is ignored when mesh.mode=k3s"),
                s.warnings().toString());
    }

    @Test
    void misspelledPropertyIsAnErrorWithASuggestion() {
        InvalidSettingsException e = invalid(Map.of("mesh.keepOnFailur", "true"), Map.of());
        assertEquals("-Dmesh.keepOnFailur is not a setting of this harness (did you mean mesh.keepOnFailure?);"
                + " the README lists every setting", e.problems().get(0));
    }

    @Test
    void unknownEnvironmentVariableIsOnlyAWarning() {
        MeshSettings s = MeshSettings.from(SettingSource.of(Map.of(), Map.of("MESH_ID", "mesh1")));
        assertEquals("environment variable MESH_ID is not a setting of this harness and is ignored",
                s.warnings().get(0));
    }

    @Test
    void mirrorCredentialsNeverReachTheReport(@TempDir Path dir) throws Exception {
        MeshSettings s = settings(Map.of("mesh.images.mirror", "https://robot:s3cr3t@mirror.example.com:5000"));
        assertEquals("https://robot:s3cr3t@mirror.example.com:5000", s.imagesMirror().orElseThrow().toString());
        Path written = s.writeTo(dir);
        String text = Files.readString(written);
        assertFalse(text.contains("s3cr3t"), text);
        assertFalse(s.describe().contains("s3cr3t"), s.describe());
        assertTrue(text.contains("mesh.images.mirror=https\\://<redacted>@mirror.example.com\\:5000"), text);
    }

    @Test
    void badMirrorValueIsQuotedWithoutItsCredentials() {
        InvalidSettingsException e = invalid(Map.of("mesh.images.mirror", "ftp://robot:s3cr3t@mirror"), Map.of());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        assertTrue(e.getMessage().contains("must be an http:// or https:// URL"), e.getMessage());
    }

    @Test
    void effectiveSettingsListEveryKeyOnce(@TempDir Path dir) throws Exception {
        MeshSettings s = settings(Map.of("mesh.timeout.verdict", "90s"));
        Path written = s.writeTo(dir);
        String text = Files.readString(written);
        assertTrue(text.contains("# from -Dmesh.timeout.verdict\nmesh.timeout.verdict=1m30s\n"), text);
        long keys = s.effective().stream().map(MeshSettings.Effective::key).distinct().count();
        assertEquals(s.effective().size(), keys);
        assertEquals(25 + StageTimeout.values().length, keys);
    }

    @Test
    void aRemoteServerWithCredentialsIsRefusedAndNeitherShownNorWritten(@TempDir Path dir) throws Exception {
        String password = "pw-" + Long.toHexString(System.nanoTime());
        InvalidSettingsException e = invalid(Map.of("mesh.remote.server", "https://admin:" + password
                + "@10.0.0.12:6443"), Map.of());
        assertTrue(e.getMessage().contains("mesh.remote.server = 'https://<redacted>@10.0.0.12:6443' (from"
                + " -Dmesh.remote.server) carries a user name or password before the host"), e.getMessage());
        assertFalse(e.getMessage().contains(password), e.getMessage());
        // A server that is fine is shown as it is, in the log and in the file beside the results.
        MeshSettings ok = settings(Map.of("mesh.remote.server", "https://10.0.0.12:6443"));
        assertTrue(ok.describe().contains("mesh.remote.server      = https://10.0.0.12:6443"), ok.describe());
        assertTrue(Files.readString(ok.writeTo(dir)).contains("mesh.remote.server=https\\://10.0.0.12\\:6443"));
    }

    @Test
    void reuseIsOffByDefaultAndOnForK3sWhenAsked() {
        assertFalse(settings(Map.of()).reuse());
        assertTrue(settings(Map.of("mesh.reuse", "true")).reuse());
    }

    @Test
    void reuseWithExistingClustersIsRefusedSayingWhy() {
        InvalidSettingsException e = invalid(Map.of("mesh.reuse", "true", "mesh.mode", "existing",
                "mesh.primary.kubeconfig", "fixtures/topologies/default.yaml",
                "mesh.remote.kubeconfig", "fixtures/topologies/default.yaml"), Map.of());
        assertTrue(e.getMessage().contains("mesh.reuse=true needs mesh.mode=k3s: it keeps the harness's own k3s"
                + " clusters between runs"), e.getMessage());
        assertTrue(e.getMessage().contains("unset mesh.reuse"), e.getMessage());
        InvalidSettingsException bad = invalid(Map.of("mesh.reuse", "yes"), Map.of());
        assertTrue(bad.getMessage().contains("mesh.reuse = 'yes' (from -Dmesh.reuse) must be 'true' or 'false'"),
                bad.getMessage());
    }
}
