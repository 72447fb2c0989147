package io.meshconformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import io.meshconformance.cluster.Kubeconfigs;
import io.meshconformance.cluster.MockClusters;
import io.meshconformance.config.SettingSource;
import io.meshconformance.doctor.HealthyMesh;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Component tier: bin/mesh-doctor's main class against two mock clusters: its table, exit codes and input errors. */
@Tag("component")
class DoctorMainTest {

    @TempDir
    Path dir;
    MockClusters mocks;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void healthyMesh() {
        mocks = new MockClusters();
        HealthyMesh.populate(mocks);
    }

    @AfterEach
    void close() {
        mocks.close();
    }

    int doctor(Map<String, String> extra) {
        return doctor(extra, Map.of());
    }

    int doctor(Map<String, String> extra, Map<String, String> environment) {
        Map<String, String> props = Kubeconfigs.existingMode(dir, mocks);
        props.putAll(extra);
        return DoctorMain.run(SettingSource.of(props, environment), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), (primary, controlPlane, perRead) -> HealthyMesh.istiod("clusterz-synced.json"));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aHealthyMeshExitsZeroWithTheTable() {
        assertEquals(DoctorMain.HEALTHY, doctor(Map.of()), out() + err());
        assertTrue(out().contains("PASS  remote-secret      remote              istio-system/istio-remote-secret-remote"
                + " key 'remote'"), out());
        assertTrue(out().endsWith("17 checks: 17 passed, 0 failed\n"), out());
        assertTrue(!out().contains(Kubeconfigs.FAKE_TOKEN) && !out().contains(HealthyMesh.FAKE_TOKEN), out());
        assertTrue(err().startsWith("mesh-doctor: checking api [primary]\nmesh-doctor: checking api [remote]\n"),
                "progress, so that a wait on a slow cluster is not silence: " + err());
        assertTrue(err().contains("mesh-doctor: checking details-dns [primary]\n"), err());
    }

    @Test
    void aFailedCheckExitsOneAndPrintsItsFix() {
        mocks.remote().client().configMaps().inNamespace("istio-system").withName("istio-ca-root-cert").delete();
        assertEquals(DoctorMain.CHECK_FAILED, doctor(Map.of()));
        assertTrue(out().contains("FAIL  root-cert"), out());
        assertTrue(out().contains("fix: the primary's istiod publishes it in the remote only when it leads the"
                + " remote"), out());
    }

    @Test
    void missingKubeconfigsAreBadInput() {
        int code = DoctorMain.run(SettingSource.of(Map.of("mesh.mode", "existing"), Map.of()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(DoctorMain.BAD_INPUT, code);
        assertTrue(err().contains("mesh.primary.kubeconfig is required when mesh.mode=existing"), err());
        assertTrue(err().contains("mesh.remote.kubeconfig is required when mesh.mode=existing"), err());
        assertEquals("", out());
    }

    @Test
    void k3sModeIsBadInputForTheDoctor() {
        assertEquals(DoctorMain.BAD_INPUT, doctor(Map.of("mesh.mode", "k3s")));
        assertTrue(err().contains("mesh-doctor examines existing clusters: mesh.mode must be 'existing'"), err());
    }

    @Test
    void anUnknownContextIsBadInput() {
        assertEquals(DoctorMain.BAD_INPUT, doctor(Map.of("mesh.remote.context", "prod")));
        assertTrue(err().contains("mesh.remote.context = 'prod' is not a context of"), err());
    }

    @Test
    void aMisspelledEnvironmentVariableIsWarnedAboutWithoutFailing() {
        assertEquals(DoctorMain.HEALTHY, doctor(Map.of(), Map.of("MESH_DOCTOR_NAMESPAC", "shop")), out() + err());
        assertTrue(err().startsWith("mesh-doctor: warning: environment variable MESH_DOCTOR_NAMESPAC is not a setting of"
                + " this harness and is ignored (did you mean MESH_DOCTOR_NAMESPACE?)\n"), err());
        assertTrue(out().endsWith("17 checks: 17 passed, 0 failed\n"), out());
    }

    @Test
    void theWarningsAreShownWithTheProblemsOfInvalidSettings() {
        int code = DoctorMain.run(SettingSource.of(Map.of("mesh.mode", "existing"),
                Map.of("MESH_PRIMARY_KUBECONFIGG", "/k")), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(DoctorMain.BAD_INPUT, code);
        assertTrue(err().contains("mesh.primary.kubeconfig is required when mesh.mode=existing"), err());
        assertTrue(err().contains("environment variable MESH_PRIMARY_KUBECONFIGG is not a setting of this harness and"
                + " is ignored (did you mean MESH_PRIMARY_KUBECONFIG?)"), err());
    }
}
