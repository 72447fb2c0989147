package io.meshconformance.cluster;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.meshconformance.topology.MeshTopology;
import io.meshconformance.topology.TopologyLoader;

/**
 * Component-tier support: one fabric8 mock API server (CRUD mode) per cluster of the default topology (or another
 * topology with clusters named primary and remote), standing for
 * the two clusters, each knowing Istio's Gateway and VirtualService kinds (as after the base chart). The mocks run
 * no controllers; tests that need one play its part and say so.
 */
public final class MockClusters implements AutoCloseable {

    public static final MeshTopology TOPOLOGY = TopologyLoader.load(Path.of("fixtures/topologies/default.yaml"));
    /** Where the remote's API server is on the shared network, as the k3s provider would report it. */
    public static final String REMOTE_NODE = "192.168.255.3";
    public static final String PRIMARY_NODE = "192.168.255.2";

    private final Map<String, KubernetesMockServer> servers = new LinkedHashMap<>();
    private final MeshTopology topology;
    private final MeshCluster primary;
    private final MeshCluster remote;

    public MockClusters() {
        this(TOPOLOGY);
    }

    /** The two clusters {@code primary} and {@code remote} of another topology (their networks and ranges). */
    public MockClusters(MeshTopology topology) {
        this.topology = topology;
        primary = cluster("primary", PRIMARY_NODE);
        remote = cluster("remote", REMOTE_NODE);
    }

    private MeshCluster cluster(String name, String node) {
        // CRUD for objects; expectations (server(name).expect()) for what CRUD does not serve, such as pod logs.
        var responses = new HashMap<ServerRequest,
                Queue<ServerResponse>>();
        // /version as the k3s release the harness pins would answer it.
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false, new VersionInfo.Builder().withMajor("1")
                .withMinor("35").withGitVersion("v1.35.4+k3s1").build());
        server.init();
        istioKinds(server);
        servers.put(name, server);
        KubernetesClient client = server.createClient();
        return MeshCluster.onNode(topology.cluster(name).orElseThrow(() -> new IllegalArgumentException("the"
                + " mock clusters are named primary and remote; the topology has no '" + name + "'")), client, "fake-kubeconfig-of-" + name, node);
    }

    /** Istio's CRDs, which the base chart would install: the mock serves their API discovery. */
    private static void istioKinds(KubernetesMockServer server) {
        for (String plural : List.of("gateways", "virtualservices")) {
            server.expectCustomResource(new CustomResourceDefinitionContext.Builder()
                    .withGroup("networking.istio.io").withVersion("v1").withPlural(plural)
                    .withKind(plural.equals("gateways") ? "Gateway" : "VirtualService").withScope("Namespaced").build());
        }
    }

    /**
     * Empties {@code cluster}'s API server as removing the cluster would: every object of every kind, namespaced and
     * cluster-scoped, and every expectation a test set; the server keeps its address and /version, its clients keep
     * working, and it knows Istio's kinds again as a new one does. fabric8 8.0.0's {@code KubernetesMockServer.reset()}
     * clears the CRUD store, the expectations and the custom resource kinds, then serves / and /version again.
     */
    public void wipe(String cluster) {
        KubernetesMockServer server = servers.get(cluster);
        if (server == null) {
            throw new IllegalArgumentException("no mock cluster '" + cluster + "': the mocks are " + servers.keySet());
        }
        server.reset();
        istioKinds(server);
    }

    public MeshCluster primary() {
        return primary;
    }

    public MeshCluster remote() {
        return remote;
    }

    /** The mock API server standing for {@code cluster}, for expectations beyond CRUD. */
    public KubernetesMockServer server(String cluster) {
        return servers.get(cluster);
    }

    @Override
    public void close() {
        primary.close();
        remote.close();
        servers.values().forEach(KubernetesMockServer::destroy);
    }
}
