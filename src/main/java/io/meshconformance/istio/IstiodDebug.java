package io.meshconformance.istio;

/**
 * One of istiod's debug endpoints, as text (istio/istio pilot/pkg/xds/debug.go: {@code debug/registryz}, {@code debug/endpointShardz},
 * {@code debug/clusterz}, {@code debug/syncz}). Implemented by exec into the istiod container; tests use fixtures.
 */
@FunctionalInterface
public interface IstiodDebug {

    String get(String path) throws Exception;
}
