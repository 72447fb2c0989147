package io.meshconformance.bookinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.meshconformance.istio.IstiodDebug;
import io.meshconformance.lifecycle.Layer;
import io.meshconformance.lifecycle.Waits;
import io.meshconformance.topology.ClusterSpec;
import io.meshconformance.topology.TopologyLoader;
import org.junit.jupiter.api.Test;

/** Every outcome of the two verdicts, on fixtures, with the messages a user reads. */
class VerdictTest {

    static final ClusterSpec REMOTE = TopologyLoader.load(Path.of("fixtures/topologies/default.yaml")).remotes().get(0);
    static final String NS = "bookinfo";

    static String read(String file) {
        try {
            return Files.readString(Path.of("fixtures", file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static IstiodDebug istiod(String registryz, String shards, String syncz) {
        Map<String, String> files = Map.of("debug/registryz", "istiod/" + registryz,
                "debug/endpointShardz", "istiod/" + shards, "debug/syncz", "istiod/" + syncz);
        return path -> read(files.get(path));
    }

    static Optional<String> registry(String registryz, String shards, String syncz) {
        return RegistryVerdict.problem(istiod(registryz, shards, syncz), NS, REMOTE);
    }

    @Test
    void registryVerdictHoldsWithRemoteEndpointsAndAConnectedDetailsProxy() {
        assertEquals(Optional.empty(), registry("registryz-with-details.json", "endpointshardz-remote.json",
                "syncz-with-details.json"));
        assertEquals(Optional.empty(), registry("registryz-with-details.json", "endpointshardz-pre124.json",
                "syncz-with-details.json"), "istiod before 1.24 wrote one Address per endpoint");
    }

    @Test
    void acrossNetworksTheRemotesEndpointsMustCarryTheRemotesNetwork() {
        ClusterSpec onNetwork2 = new ClusterSpec("remote", REMOTE.role(), "network2", REMOTE.podCidr(),
                REMOTE.serviceCidr(), REMOTE.clusterDns());
        IstiodDebug tagged = istiod("registryz-with-details.json", "endpointshardz-network2.json",
                "syncz-with-details.json");
        assertEquals(Optional.empty(), RegistryVerdict.problemAcrossNetworks(tagged, NS, onNetwork2));
        IstiodDebug untagged = istiod("registryz-with-details.json", "endpointshardz-remote.json",
                "syncz-with-details.json");
        assertEquals("endpoints of Kubernetes/remote [[10.20.0.12] (network 'network1')] are not tagged with cluster"
                + " 'remote''s network 'network2', so istiod would send the primary's sidecars to pod addresses they"
                + " cannot route to instead of to that network's gateway. istiod takes an endpoint's network from its"
                + " pod's topology.istio.io/network label, which the injector sets from the remote's injection path,"
                + " before the label on istiod's namespace: install the remote's istiod with global.network=network2 and"
                + " istiodRemote.injectionPath=/inject/cluster/remote/net/network2 (then restart its pods), and label"
                + " its namespace of istiod's name topology.istio.io/network=network2",
                RegistryVerdict.problemAcrossNetworks(untagged, NS, onNetwork2).orElseThrow());
        assertEquals(Optional.empty(), RegistryVerdict.problem(untagged, NS, REMOTE),
                "on one network the tag is not judged: a mesh may leave global.network unset");
    }

    @Test
    void theWaitJudgesTheNetworkOnlyWhenTheRemoteIsOnAnotherThanThePrimary() {
        ClusterSpec primary = TopologyLoader.load(Path.of("fixtures/topologies/default.yaml")).primary();
        ClusterSpec onNetwork2 = new ClusterSpec("remote", REMOTE.role(), "network2", REMOTE.podCidr(),
                REMOTE.serviceCidr(), REMOTE.clusterDns());
        IstiodDebug untagged = istiod("registryz-with-details.json", "endpointshardz-remote.json",
                "syncz-with-details.json");
        RegistryVerdict.await(untagged, NS, REMOTE, primary, Duration.ofSeconds(5), what -> { });
        Waits.WaitTimeoutException e = assertThrows(Waits.WaitTimeoutException.class, () -> RegistryVerdict.await(
                untagged, NS, onNetwork2, primary, Duration.ofMillis(200), what -> { }));
        assertTrue(e.getMessage().contains("with endpoints from cluster 'remote' on network 'network2'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("are not tagged with cluster 'remote''s network 'network2'"),
                e.getMessage());
    }

    @Test
    void theRegistryEvidenceListsEachShardsEndpointsWithTheirNetwork() {
        assertEquals("details.bookinfo.svc.cluster.local\nKubernetes/remote [10.20.0.12] network network2 port 9080\n",
                RegistryVerdict.evidence(istiod("registryz-with-details.json", "endpointshardz-network2.json",
                        "syncz-with-details.json"), NS));
        assertTrue(RegistryVerdict.evidence(path -> {
            throw new IOException("connection refused");
        }, NS).startsWith("could not read endpointShardz: connection refused"));
    }

    @Test
    void registryWithoutDetails() {
        String problem = registry("registryz-without-details.json", "endpointshardz-remote.json",
                "syncz-with-details.json").orElseThrow();
        assertTrue(problem.startsWith("registryz does not know details.bookinfo.svc.cluster.local"), problem);
    }

    @Test
    void onlyTheLocalShard() {
        String problem = registry("registryz-with-details.json", "endpointshardz-local-only.json",
                "syncz-with-details.json").orElseThrow();
        assertEquals("registryz knows details, but endpointShardz has only shard Kubernetes/primary with 0 endpoints"
                + " and nothing from Kubernetes/remote: is the remote attached (clusterz synced) and details-v1 running"
                + " and ready there?", problem);
    }

    @Test
    void endpointsOutsideTheRemotesPodRange() {
        String problem = registry("registryz-with-details.json", "endpointshardz-wrong-range.json",
                "syncz-with-details.json").orElseThrow();
        assertTrue(problem.contains("[10.42.0.9] lie outside cluster 'remote' pod CIDR 10.20.0.0/16"), problem);
    }

    @Test
    void noDetailsProxyConnectedFromTheRemote() {
        String problem = registry("registryz-with-details.json", "endpointshardz-remote.json",
                "syncz-primary-only.json").orElseThrow();
        assertTrue(problem.contains("no details-v1 proxy of bookinfo from cluster 'remote' is connected"), problem);
        assertTrue(problem.contains("productpage-v1-6b7c9f5d8-kq2lp.bookinfo@primary"), problem);
    }

    @Test
    void unreadableIstiod() {
        Optional<String> problem = RegistryVerdict.problem(path -> {
            throw new IllegalStateException("no running istiod pod");
        }, NS, REMOTE);
        assertEquals(Optional.of("istiod's debug endpoints could not be read: no running istiod pod"), problem);
    }

    @Test
    void registryTimeoutQuotesWhatItSawLast() {
        Waits.WaitTimeoutException e = assertThrows(Waits.WaitTimeoutException.class, () -> RegistryVerdict.await(
                istiod("registryz-with-details.json", "endpointshardz-local-only.json", "syncz-with-details.json"),
                NS, REMOTE, Duration.ofMillis(200)));
        assertTrue(e.getMessage().contains("last seen: registryz knows details, but endpointShardz has only shard"
                + " Kubernetes/primary"), e.getMessage());
    }

    /** Serves the named product page fixtures in order, repeating the last. */
    static PageVerdict.PageSource pages(String... fixtures) {
        Deque<String> queue = new ArrayDeque<>(List.of(fixtures));
        return () -> read("productpage/" + (queue.size() > 1 ? queue.poll() : queue.peek()));
    }

    @Test
    void beforeDetailsRunsThePageShowsTheDetailsError() {
        ProductPageView view = PageVerdict.awaitDetailsError(pages("v1.20-details-failed.html"), Duration.ofSeconds(2));
        assertEquals(ProductPageView.Part.FAILED, view.details());
    }

    @Test
    void detailsShownTooEarlyIsNamed() {
        Waits.WaitTimeoutException e = assertThrows(Waits.WaitTimeoutException.class, () -> PageVerdict
                .awaitDetailsError(pages("v1.20-details-shown.html"), Duration.ofMillis(200)));
        assertTrue(e.getMessage().contains("is a details Deployment running in the primary?"), e.getMessage());
    }

    @Test
    void detailsInConsecutiveRequests() {
        ProductPageView view = PageVerdict.awaitDetails(pages("v1.19-details-failed.html", "v1.20-details-shown.html"),
                3, Duration.ofSeconds(20));
        assertEquals(ProductPageView.Part.SHOWN, view.details());
    }

    @Test
    void aFailureInTheMiddleRestartsTheCount() {
        PageVerdict.PageSource flaky = pages("v1.20-details-shown.html", "v1.20-details-shown.html",
                "v1.20-details-failed.html", "v1.20-details-failed.html");
        Waits.WaitTimeoutException e = assertThrows(Waits.WaitTimeoutException.class,
                () -> PageVerdict.awaitDetails(flaky, 3, Duration.ofSeconds(7)));
        assertTrue(e.getMessage().contains("last seen: the page shows the details error: productpage in the primary"
                + " cannot reach details in the remote"), e.getMessage());
        assertEquals(Optional.of(Layer.DATA_PLANE), e.brokenLayer(), "served, so only the call across fails");
    }

    @Test
    void anUnrelatedPageIsReportedAsSuchNotAsMissingDetails() {
        Waits.WaitTimeoutException e = assertThrows(Waits.WaitTimeoutException.class,
                () -> PageVerdict.awaitDetails(pages("unrelated.html"), 1, Duration.ofMillis(200)));
        assertTrue(e.getMessage().endsWith("last seen: not a Bookinfo product page (title 'Welcome to nginx!')"),
                e.getMessage());
        assertEquals(Optional.empty(), e.brokenLayer(), "another page: the page layer itself");
    }

    @Test
    void wrongDetailValuesAreNotASuccess() {
        assertEquals(Optional.of("the page shows other details than the details service's: ISBN-10: expected"
                + " 1234567890, got 0000000000; Publisher: expected PublisherA, got PublisherB; Type: expected"
                + " paperback, got hardcover"), PageVerdict.detailsProblem(ProductPageParser.parse(
                read("productpage/details-wrong-values.html"))));
    }

    @Test
    void endpointsOnlyInThePrimarysShardAreNotTheRemotes() {
        // details endpoints that istiod got from the primary's own registry (a details Deployment there by mistake).
        String shards = "{\"details.bookinfo.svc.cluster.local\": {\"bookinfo\": {\"Shards\": {\"Kubernetes/primary\": [{"
                + "\"Addresses\": [\"10.10.0.5\"], \"Locality\": {\"ClusterID\": \"primary\"}, \"Network\": \"network1\","
                + " \"EndpointPort\": 9080}]}}}}";
        IstiodDebug istiod = path -> switch (path) {
            case "debug/registryz" -> read("istiod/registryz-with-details.json");
            case "debug/endpointShardz" -> shards;
            default -> read("istiod/syncz-with-details.json");
        };
        String problem = RegistryVerdict.problem(istiod, NS, REMOTE).orElseThrow();
        assertTrue(problem.startsWith("registryz knows details, but endpointShardz has only shard Kubernetes/primary"
                + " with 1 endpoints and nothing from Kubernetes/remote"), problem);
    }

    @Test
    void aPageThatCouldNotBeFetchedLastIsNotBlamedOnTheDataPlane() {
        Deque<String> answers = new ArrayDeque<>(List.of("v1.20-details-failed.html"));
        PageVerdict.PageSource failingLater = () -> {
            if (answers.isEmpty()) {
                throw new IllegalStateException("connection refused by the port-forward");
            }
            return read("productpage/" + answers.poll());
        };
        Waits.WaitTimeoutException e = assertThrows(Waits.WaitTimeoutException.class,
                () -> PageVerdict.awaitDetails(failingLater, 1, Duration.ofMillis(2500)));
        assertTrue(e.getMessage().contains("connection refused by the port-forward"), e.getMessage());
        assertEquals(Optional.empty(), e.brokenLayer(), "what was seen last is no page at all: the page's own layer");
    }

    @Test
    void theRegistryVerdictMarksEachStepTheFirstTimeItHolds() {
        List<String> marks = new ArrayList<>();
        // First read: only the local shard; then the remote's endpoints and its proxy.
        Deque<String> shards = new ArrayDeque<>(List.of("endpointshardz-local-only.json", "endpointshardz-remote.json"));
        IstiodDebug istiod = path -> switch (path) {
            case "debug/registryz" -> read("istiod/registryz-with-details.json");
            case "debug/endpointShardz" -> read("istiod/" + (shards.size() > 1 ? shards.poll() : shards.peek()));
            default -> read("istiod/syncz-with-details.json");
        };
        RegistryVerdict.await(istiod, NS, REMOTE, Duration.ofSeconds(10), marks::add);
        assertEquals(List.of("details in registryz", "details in registryz",
                "an endpoint from Kubernetes/remote in endpointShardz", "the details proxy of cluster 'remote' in syncz"),
                marks, "each poll reports what holds; the recorder keeps the first sighting of each");
    }

    @Test
    void thePageVerdictMarksTheFirstGoodPageAndTheLastOfTheStreak() {
        List<String> marks = new ArrayList<>();
        PageVerdict.awaitDetails(pages("v1.20-details-failed.html", "v1.20-details-shown.html"), 2,
                Duration.ofSeconds(20), marks::add);
        assertEquals(List.of("the first page showing the details", "the first page showing the details",
                "2 consecutive pages showing the details"), marks);
    }
}
