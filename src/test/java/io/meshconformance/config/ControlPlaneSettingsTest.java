package io.meshconformance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** mesh.istio.namespace and mesh.istio.revision: read, validated, and refused where the run installs Istio. */
class ControlPlaneSettingsTest {

    @TempDir
    Path dir;

    Map<String, String> existing(Map<String, String> extra) throws Exception {
        Path k = Files.writeString(dir.resolve("k.yaml"), "apiVersion: v1\nkind: Config\n");
        Map<String, String> props = new HashMap<>(Map.of("mesh.mode", "existing", "mesh.primary.kubeconfig",
                k.toString(), "mesh.remote.kubeconfig", k.toString()));
        props.putAll(extra);
        return props;
    }

    static MeshSettings settings(Map<String, String> props, Map<String, String> env) {
        return MeshSettings.from(SettingSource.of(props, env));
    }

    static InvalidSettingsException invalid(Map<String, String> props) {
        return assertThrows(InvalidSettingsException.class, () -> settings(props, Map.of()));
    }

    @Test
    void byDefaultIstioSystemAndTheRevisionFoundInTheCluster() throws Exception {
        MeshSettings s = settings(existing(Map.of()), Map.of());
        assertEquals("istio-system", s.istioNamespace());
        assertEquals(Optional.empty(), s.istioRevision());
        assertTrue(s.describe().contains("mesh.istio.revision"), s.describe());
        assertTrue(s.describe().contains("(not set)"), s.describe());
    }

    @Test
    void existingModeTakesBothFromPropertiesOrTheEnvironment() throws Exception {
        MeshSettings s = settings(existing(Map.of("mesh.istio.revision", "1-30-3")),
                Map.of("MESH_ISTIO_NAMESPACE", "istio-cp"));
        assertEquals("istio-cp", s.istioNamespace());
        assertEquals(Optional.of("1-30-3"), s.istioRevision());
        assertTrue(s.describe().contains("= istio-cp  ($MESH_ISTIO_NAMESPACE)"), s.describe());
    }

    @Test
    void aVersionWrittenWithDotsIsRefusedWithTheDashedForm() throws Exception {
        InvalidSettingsException e = invalid(existing(Map.of("mesh.istio.revision", "1.30.3")));
        assertEquals(List.of("mesh.istio.revision = '1.30.3' (from -Dmesh.istio.revision) is not a revision name: a"
                + " revision is a DNS-1123 label (lower case letters, digits and '-', at most 63 characters, as"
                + " istioctl and the istiod chart's 'revision' value require); write 1-30-3"), e.problems());
    }

    @ParameterizedTest
    @CsvSource({
        "Canary, canary",
        "1_30, 1-30",
        "-rev, 1-30-3 for Istio 1.30.3",
        "rev-, 1-30-3 for Istio 1.30.3",
        "a b, 1-30-3 for Istio 1.30.3",
    })
    void aRevisionThatIsNoLabelIsRefusedWithAFix(String revision, String fix) throws Exception {
        InvalidSettingsException e = invalid(existing(Map.of("mesh.istio.revision", revision)));
        assertTrue(e.problems().get(0).startsWith("mesh.istio.revision = '" + revision + "'"), e.getMessage());
        assertTrue(e.problems().get(0).endsWith(fix), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "1-30-3", "canary", "r0123456789012345678901234567890123456789012345678901234567890x"})
    void revisionsThatAreLabelsAreTaken(String revision) throws Exception {
        assertEquals(Optional.of(revision), settings(existing(Map.of("mesh.istio.revision", revision)), Map.of())
                .istioRevision());
    }

    @Test
    void aRevisionLongerThanALabelIsRefused() throws Exception {
        String tooLong = "r".repeat(64);
        assertTrue(invalid(existing(Map.of("mesh.istio.revision", tooLong))).problems().get(0)
                .contains("at most 63 characters"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Istio-System", "istio_system", "istio-system-"})
    void aNamespaceThatIsNoLabelIsRefused(String namespace) throws Exception {
        InvalidSettingsException e = invalid(existing(Map.of("mesh.istio.namespace", namespace)));
        assertEquals(List.of("mesh.istio.namespace = '" + namespace + "' (from -Dmesh.istio.namespace) is not a"
                + " namespace name (lower case letters, digits and '-', at most 63 characters), e.g. istio-system"),
                e.problems());
    }

    @Test
    void k3sModeRefusesAnotherNamespaceOrARevision() {
        InvalidSettingsException e = invalid(Map.of("mesh.istio.namespace", "istio-cp", "mesh.istio.revision",
                "1-30-3"));
        assertEquals(List.of("mesh.istio.namespace = 'istio-cp' is refused when mesh.mode=k3s: the harness installs"
                + " Istio itself, into istio-system; leave mesh.istio.namespace unset, or set mesh.mode=existing (with"
                + " mesh.existing.install=false) to test a control plane installed that way",
                "mesh.istio.revision = '1-30-3' is refused when mesh.mode=k3s: the harness installs Istio itself,"
                + " without a revision; leave mesh.istio.revision unset, or set mesh.mode=existing (with"
                + " mesh.existing.install=false) to test a control plane installed that way"), e.problems());
    }

    @Test
    void k3sModeTakesIstioSystemWrittenOut() {
        assertEquals("istio-system", settings(Map.of("mesh.istio.namespace", "istio-system"), Map.of())
                .istioNamespace());
    }

    @Test
    void aRunThatInstallsIstioInExistingClustersRefusesThemToo() throws Exception {
        InvalidSettingsException e = invalid(existing(Map.of("mesh.existing.install", "true",
                "mesh.existing.attach", "true", "mesh.istio.revision", "canary")));
        assertEquals(List.of("mesh.istio.revision = 'canary' is refused when mesh.existing.install=true: the harness"
                + " installs Istio itself, without a revision; leave mesh.istio.revision unset, or set"
                + " mesh.existing.install=false to verify a control plane installed that way"), e.problems());
        assertTrue(invalid(existing(Map.of("mesh.existing.install", "true", "mesh.existing.attach", "true",
                "mesh.istio.namespace", "istio-cp"))).problems().get(0)
                .startsWith("mesh.istio.namespace = 'istio-cp' is refused when mesh.existing.install=true"));
    }

    @Test
    void theRecordRefusesAnInstallingRunWithAnotherControlPlane() throws Exception {
        MeshSettings s = settings(Map.of(), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MeshSettings(
                s.topology(), s.mode(), s.k3sImage(), s.networkSubnet(), s.istioVersion(), s.istioCharts(),
                "istio-cp", Optional.empty(), s.bookinfoRegistry(), s.bookinfoTag(), s.imagesMirror(),
                s.imagesPreload(), s.primaryKubeconfig(), s.primaryContext(), s.remoteKubeconfig(),
                s.remoteContext(), s.remoteServer(), true, true, s.doctorNamespace(), s.ingressSelector(),
                s.keepOnFailure(), s.reuse(), s.results(), s.verdictSuccesses(), s.timeouts(), s.report()));
        assertTrue(e.getMessage().contains("istioNamespace must be istio-system"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MeshSettings(
                s.topology(), s.mode(), s.k3sImage(), s.networkSubnet(), s.istioVersion(), s.istioCharts(),
                "istio-system", Optional.of("canary"), s.bookinfoRegistry(), s.bookinfoTag(), s.imagesMirror(),
                s.imagesPreload(), s.primaryKubeconfig(), s.primaryContext(), s.remoteKubeconfig(),
                s.remoteContext(), s.remoteServer(), true, true, s.doctorNamespace(), s.ingressSelector(),
                s.keepOnFailure(), s.reuse(), s.results(), s.verdictSuccesses(), s.timeouts(), s.report()));
    }
}
