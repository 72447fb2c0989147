package io.meshconformance.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import io.meshconformance.bookinfo.BookinfoDeployment;
import io.meshconformance.cluster.Kubeconfigs;
import io.meshconformance.cluster.MeshClusters;
import io.meshconformance.cluster.MockClusters;
import io.meshconformance.config.SettingSource;
import io.meshconformance.doctor.HealthyMesh;
import io.meshconformance.junit.DoctorStepsTest.Captured;
import io.meshconformance.lifecycle.Layer;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.model.TestResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Component tier: the extension as a suite meets it, through the JUnit platform: a small suite in existing mode
 * against two mock API servers holding a healthy mesh. It gets its Mesh as a parameter, a failure outside any stage
 * gets the evidence a stage's would, the stages after it are not reached, and after the class the run's objects
 * are gone from both clusters.
 */
@Tag("component")
class MeshExtensionTest {

    /** The settings the sample suite runs with; set only while this test runs it. */
    static SettingSource source;
    static String createdNamespace;

    @TempDir
    Path dir;
    MockClusters mocks;

    @BeforeEach
    void healthyMesh() {
        mocks = new MockClusters();
        HealthyMesh.populate(mocks);
    }

    @AfterEach
    void close() {
        source = null;
        createdNamespace = null;
        mocks.close();
    }

    /** A suite written as the conformance suite is, whose third test fails outside any stage. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    @EnabledIf("io.meshconformance.junit.MeshExtensionTest#running")
    static class SampleSuite {

        @RegisterExtension
        final MeshExtension extension = MeshExtension.using(source,
                (primary, controlPlane, perRead) -> HealthyMesh.istiod("clusterz-synced.json"));

        private MeshClusters clusters;

        @Test
        @Order(1)
        void clusters(Mesh mesh) {
            clusters = mesh.stage("Clusters reached -> preflight doctor finds no failure", Layer.CLUSTER, () -> {
                MeshClusters started = mesh.startClusters();
                mesh.preflight(started);
                return started;
            });
        }

        @Test
        @Order(2)
        void bookinfo(Mesh mesh) {
            BookinfoDeployment deployed = mesh.stage("Bookinfo (applied only)", Layer.PAGE,
                    () -> mesh.deployBookinfo(clusters, HealthyMesh.CONTROL_PLANE));
            createdNamespace = deployed.namespace();
        }

        @Test
        @Order(3)
        void aTestsOwnAssertionFails(Mesh mesh) {
            throw new AssertionError("the suite's own check failed: Authorization: Bearer " + Kubeconfigs.FAKE_TOKEN);
        }

        @Test
        @Order(4)
        void aLaterStage(Mesh mesh) {
            mesh.stage("Verdict 1", Layer.REGISTRY, () -> { });
        }
    }

    static boolean running() {
        return source != null;
    }

    @Test
    void aFailureOutsideAStageIsExplainedAndTheRunStillCleansUp() {
        Map<String, String> props = Kubeconfigs.existingMode(dir, mocks);
        props.put("mesh.results", dir.resolve("results").toString());
        source = SettingSource.of(props, Map.of());

        Captured captured = new Captured();
        AllureLifecycle previous = Allure.getLifecycle();
        AllureLifecycle lifecycle = new AllureLifecycle(captured);
        Allure.setLifecycle(lifecycle);
        Events tests;
        String uuid = UUID.randomUUID().toString();
        try {
            // The suite runs on this thread: what it attaches lands in this test case.
            lifecycle.scheduleTestCase(new TestResult().setUuid(uuid).setName("sample suite"));
            lifecycle.startTestCase(uuid);
            tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(SampleSuite.class)).execute()
                    .testEvents();
            lifecycle.stopTestCase(uuid);
            lifecycle.writeTestCase(uuid);
        } finally {
            Allure.setLifecycle(previous);
        }

        tests.assertStatistics(stats -> stats.started(4).succeeded(2).failed(1).aborted(1));
        String reported = tests.failed().list().get(0).getPayload(TestExecutionResult.class)
                .flatMap(r -> r.getThrowable()).map(Throwable::getMessage).orElse("");
        assertTrue(reported.contains("the suite's own check failed: Authorization: Bearer <redacted>"), reported);
        assertTrue(!reported.contains(Kubeconfigs.FAKE_TOKEN), "the token is not in what JUnit and the report see: "
                + reported);
        assertEquals("not reached: stage 'aTestsOwnAssertionFails(Mesh)' failed before 'Verdict 1'",
                tests.aborted().list().get(0).getPayload(TestExecutionResult.class)
                        .flatMap(r -> r.getThrowable()).map(Throwable::getMessage).orElse(""));
        assertTrue(captured.results.get(0).getAttachments().stream()
                        .anyMatch(a -> a.getName().equals("primary: pods not ready in " + createdNamespace)),
                "the evidence of the run's Bookinfo namespace is attached: " + captured.results.get(0)
                        .getAttachments().stream().map(a -> a.getName()).toList());

        assertNotNull(createdNamespace);
        assertNull(mocks.primary().client().namespaces().withName(createdNamespace).get(),
                "the run's namespace is removed from the primary after the class");
        assertNull(mocks.remote().client().namespaces().withName(createdNamespace).get(),
                "and from the remote");
    }
}
