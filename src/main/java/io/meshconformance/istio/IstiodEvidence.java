package io.meshconformance.istio;

import java.util.List;
import java.util.stream.Collectors;

import io.meshconformance.lifecycle.Evidence;
import io.meshconformance.lifecycle.EvidenceCollector;

/**
 * What the primary's istiod says of the mesh when a stage fails: the remote clusters it watches and their sync
 * state ({@code debug/clusterz}), and the proxies connected to it ({@code debug/syncz}).
 */
public final class IstiodEvidence implements EvidenceCollector {

    private final IstiodDebug istiod;

    public IstiodEvidence(IstiodDebug istiod) {
        this.istiod = istiod;
    }

    @Override
    public List<Evidence> collect() {
        return List.of(
                Evidence.read("istiod: debug/clusterz", () -> istiod.get("debug/clusterz")),
                Evidence.read("istiod: debug/syncz", () -> IstiodDebugParser.syncz(istiod.get("debug/syncz")).stream()
                        .map(p -> p.proxy() + " cluster=" + p.clusterId() + " version=" + p.istioVersion())
                        .collect(Collectors.joining("\n"))));
    }
}
