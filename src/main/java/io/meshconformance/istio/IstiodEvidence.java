package io.meshconformance.istio;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.meshconformance.lifecycle.Evidence;
import io.meshconformance.lifecycle.EvidenceCollector;

/**
 * What the primary's istiod says of the mesh when a stage fails: the remote clusters it watches and their sync
 * state ({@code debug/clusterz}), and the proxies connected to it ({@code debug/syncz}); on several networks also
 * the network gateways it knows ({@code debug/networkz}: network, cluster, address and port of each; istio/istio
 * 1.30.3 pilot/pkg/xds/debug.go), which is what it replaces another network's endpoints with.
 */
public final class IstiodEvidence implements EvidenceCollector {

    private final IstiodDebug istiod;
    private final boolean networks;

    public IstiodEvidence(IstiodDebug istiod) {
        this(istiod, false);
    }

    /** @param networks the mesh spans several networks, so istiod's network gateways are evidence too */
    public IstiodEvidence(IstiodDebug istiod, boolean networks) {
        this.istiod = istiod;
        this.networks = networks;
    }

    @Override
    public List<Evidence> collect() {
        List<Evidence> evidence = new ArrayList<>(List.of(
                Evidence.read("istiod: debug/clusterz", () -> istiod.get("debug/clusterz")),
                Evidence.read("istiod: debug/syncz", () -> IstiodDebugParser.syncz(istiod.get("debug/syncz")).stream()
                        .map(p -> p.proxy() + " cluster=" + p.clusterId() + " version=" + p.istioVersion())
                        .collect(Collectors.joining("\n")))));
        if (networks) {
            evidence.add(Evidence.read("istiod: debug/networkz", () -> istiod.get("debug/networkz")));
        }
        return evidence;
    }
}
