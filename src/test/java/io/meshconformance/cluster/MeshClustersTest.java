package io.meshconformance.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Component tier: the clusters of a run go as their provider's teardown says, once, and their clients stay open
 * while someone else (the shutdown hook of existing clusters) still removes the run's objects through them.
 */
@Tag("component")
class MeshClustersTest {

    MockClusters mocks;
    final List<String> calls = new ArrayList<>();
    /** The provider cannot seal the mesh (Docker refuses the record). */
    boolean sealFails;

    @BeforeEach
    void setUp() {
        mocks = new MockClusters();
    }

    @AfterEach
    void tearDown() {
        mocks.close();
    }

    MeshClusters clusters(boolean done) {
        return new MeshClusters(List.of(mocks.primary(), mocks.remote()), Map.of(), new MeshClusters.Teardown() {
            @Override
            public boolean remove(MeshClusters clusters) {
                calls.add("remove");
                return done;
            }

            @Override
            public boolean keep(MeshClusters clusters) {
                calls.add("keep");
                return done;
            }

            @Override
            public boolean reuse(MeshClusters clusters, KeptMesh record) {
                if (sealFails) {
                    throw new IllegalStateException("Could not write the kept-mesh record into container x");
                }
                calls.add("reuse " + record.madeBy());
                return done;
            }
        }, ClusterOrigin.cold());
    }

    static KeptMesh record(String run) {
        return new KeptMesh("0123456789abcdef", Map.of("k3s.image", "rancher/k3s:v1.35.4-k3s1"), "0.1.0", run,
                Instant.parse("2026-12-02T10:00:00Z"), List.of("Istio in 'primary': base, istiod"),
                Map.of("1. Clusters", 100.0), run, Instant.parse("2026-12-02T10:10:00Z"), 1);
    }

    @Test
    void aMeshKeptForReuseUndoesTheRunsObjectsButNotTheMeshsAndIsSealed() {
        MeshClusters clusters = clusters(true);
        clusters.meshObjects().push("uninstall istiod", () -> calls.add("undo istiod"));
        clusters.objects().push("delete namespace bookinfo-r1", () -> calls.add("undo bookinfo"));
        clusters.reuse(record("r1"));
        clusters.close();
        assertEquals(List.of("undo bookinfo", "reuse r1"), calls);
    }

    @Test
    void aMeshWhoseRunObjectsCannotBeUndoneIsRemovedNotKept() {
        MeshClusters clusters = clusters(true);
        clusters.objects().push("delete namespace bookinfo-r1", () -> {
            throw new IllegalStateException("forbidden");
        });
        clusters.reuse(record("r1"));
        assertThrows(IllegalStateException.class, clusters::close);
        assertEquals(List.of("remove"), calls);
    }

    @Test
    void aMeshThatCannotBeSealedIsRemovedNotLeftRunningForNobody() {
        sealFails = true;
        MeshClusters clusters = clusters(true);
        clusters.reuse(record("r1"));
        IllegalStateException e = assertThrows(IllegalStateException.class, clusters::close);
        assertTrue(e.getMessage().startsWith("Could not write the kept-mesh record"), e.getMessage());
        assertEquals(List.of("remove"), calls);
    }

    @Test
    void undoAllUndoesTheRunsObjectsFirstThenTheMeshsAndReportsEveryFailure() {
        MeshClusters clusters = clusters(true);
        clusters.meshObjects().push("uninstall istiod", () -> calls.add("undo istiod"));
        clusters.meshObjects().push("delete remote secret", () -> {
            throw new IllegalStateException("gone");
        });
        clusters.objects().push("delete namespace bookinfo-r1", () -> {
            throw new IllegalStateException("forbidden");
        });
        assertEquals(3, clusters.undoSteps());
        assertEquals(List.of("delete namespace bookinfo-r1", "delete remote secret", "uninstall istiod"),
                clusters.undoDescriptions());
        IllegalStateException e = assertThrows(IllegalStateException.class, clusters::undoAll);
        assertEquals(List.of("undo istiod"), calls, "the mesh's undo ran although the run's failed");
        assertTrue(e.getMessage().contains("delete namespace bookinfo-r1"), e.getMessage());
        assertTrue(Arrays.stream(e.getSuppressed()).anyMatch(x -> x.getMessage().contains("delete remote secret")),
                "the mesh's failure is reported with the run's");
    }


    @Test
    void closingRemovesOnceAndClosesTheClients() {
        MeshClusters clusters = clusters(true);
        clusters.close();
        clusters.close();
        assertEquals(List.of("remove"), calls);
        assertThrows(RuntimeException.class, () -> mocks.primary().client().namespaces().list(),
                "the client is closed");
    }

    @Test
    void keptClustersAreKeptNotRemoved() {
        MeshClusters clusters = clusters(true);
        clusters.keep();
        clusters.close();
        assertEquals(List.of("keep"), calls);
    }

    @Test
    void whileTheShutdownHookStillRemovesTheRunsObjectsTheClientsStayOpen() {
        clusters(false).close();
        assertEquals(List.of("remove"), calls);
        mocks.primary().client().namespaces().list(); // still answers
        mocks.remote().client().namespaces().list();
    }
}
