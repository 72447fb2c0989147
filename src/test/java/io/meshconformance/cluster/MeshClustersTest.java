package io.meshconformance.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
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
        });
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
