package io.meshconformance.bookinfo;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Pod;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.config.LabelSelector;
import io.meshconformance.istio.EnvoyClustersParser;
import io.meshconformance.istio.IstiodDebug;
import io.meshconformance.istio.IstiodDebugParser;
import io.meshconformance.istio.ProxyAdmin;
import io.meshconformance.lifecycle.Evidence;
import io.meshconformance.lifecycle.EvidenceCollector;

/**
 * What explains a failed verdict about the run's Bookinfo: istiod's registry entry and endpoint shards for
 * {@code details}, and what productpage's sidecar knows of details (its Envoy cluster members).
 */
public final class BookinfoEvidence implements EvidenceCollector {

    static final Duration PROXY_READ = Duration.ofSeconds(20);

    private final MeshCluster primary;
    private final IstiodDebug istiod;
    private final ProxyAdmin proxies;
    private final String namespace;
    private final LabelSelector injectionLabel;

    /**
     * @param proxies        how productpage's sidecar is read
     * @param namespace      the run's Bookinfo namespace
     * @param injectionLabel the label that namespace carries for the sidecar injector it expects
     */
    public BookinfoEvidence(MeshCluster primary, IstiodDebug istiod, ProxyAdmin proxies, String namespace,
                            LabelSelector injectionLabel) {
        this.primary = primary;
        this.istiod = istiod;
        this.proxies = proxies;
        this.namespace = namespace;
        this.injectionLabel = injectionLabel;
    }

    @Override
    public List<Evidence> collect() {
        String host = RegistryVerdict.detailsHost(namespace);
        return List.of(
                Evidence.read("istiod: registryz entry for " + host, () ->
                        IstiodDebugParser.registryz(istiod.get("debug/registryz")).stream()
                                .filter(s -> s.hostname().equals(host)).map(Object::toString)
                                .collect(Collectors.joining("\n")).transform(s -> s.isEmpty()
                                        ? "registryz has no entry for " + host : s)),
                Evidence.read("istiod: endpointShardz for " + host, () -> RegistryVerdict.evidence(istiod, namespace)),
                Evidence.read(primary.name() + ": productpage proxy's endpoints for " + host,
                        () -> proxyView(primary, proxies, namespace, injectionLabel)));
    }

    /**
     * What productpage's sidecar knows of details: the endpoints of its Envoy cluster for details, read through
     * {@code proxies} ({@code clusters?format=json}), or why there is no sidecar to read.
     */
    static String proxyView(MeshCluster primary, ProxyAdmin proxies, String namespace, LabelSelector injectionLabel)
            throws Exception {
        Pod pod = primary.client().pods().inNamespace(namespace).withLabels(CrossNetworkVerdict.PRODUCTPAGE.labels())
                .list().getItems().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no productpage pod in " + namespace));
        boolean injected = pod.getSpec() != null && pod.getSpec().getContainers() != null
                && pod.getSpec().getContainers().stream().anyMatch(c -> "istio-proxy".equals(c.getName()));
        if (!injected) {
            return "productpage pod " + pod.getMetadata().getName() + " has no istio-proxy container: it was not"
                    + " injected (is the namespace labelled " + injectionLabel + ", does a sidecar injector select it"
                    + " (doctor check injection-webhook), and was istiod's webhook up?)";
        }
        String cluster = CrossNetworkVerdict.detailsCluster(namespace);
        List<EnvoyClustersParser.Host> hosts = EnvoyClustersParser.hosts(proxies.get(primary, namespace,
                CrossNetworkVerdict.PRODUCTPAGE, CrossNetworkVerdict.PATH, PROXY_READ), cluster);
        return hosts.isEmpty() ? "the proxy knows no endpoint of " + cluster : cluster + " " + hosts;
    }
}
