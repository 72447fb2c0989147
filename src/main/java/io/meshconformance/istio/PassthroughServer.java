package io.meshconformance.istio;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * One server of an Istio {@code Gateway} (networking.istio.io), as far as the cross-network path needs it: its port
 * and TLS mode. Pure. The cross-network Gateway of istio/istio 1.30.3 {@code samples/multicluster/expose-services.yaml}
 * has one server on 15443 with {@code tls.mode: AUTO_PASSTHROUGH} and hosts {@code *.local}, selecting
 * {@code istio: eastwestgateway}.
 *
 * @param gateway "namespace/name" of the Gateway
 * @param port    the server's port number; 0 when unreadable
 * @param tlsMode its {@code tls.mode}; empty when it has none
 */
public record PassthroughServer(String gateway, int port, String tlsMode, List<String> hosts) {

    public static final String AUTO_PASSTHROUGH = "AUTO_PASSTHROUGH";

    public PassthroughServer {
        hosts = List.copyOf(hosts);
    }

    /** Every server of {@code gateway}; what is missing or not of the expected shape reads as absent. */
    public static List<PassthroughServer> of(GenericKubernetesResource gateway) {
        String name = gateway.getMetadata().getNamespace() + "/" + gateway.getMetadata().getName();
        List<PassthroughServer> servers = new ArrayList<>();
        if (!(gateway.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec)
                || !(spec.get("servers") instanceof List<?> list)) {
            return servers;
        }
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> server)) {
                continue;
            }
            int port = server.get("port") instanceof Map<?, ?> p && p.get("number") instanceof Number n
                    ? n.intValue() : 0;
            String mode = server.get("tls") instanceof Map<?, ?> tls && tls.get("mode") instanceof String m ? m : "";
            List<String> hosts = server.get("hosts") instanceof List<?> h
                    ? h.stream().filter(String.class::isInstance).map(String.class::cast).toList() : List.of();
            servers.add(new PassthroughServer(name, port, mode, hosts));
        }
        return servers;
    }

    /** It opens {@code port} to other networks' sidecars, the SNI naming the destination. */
    public boolean opens(int gatewayPort) {
        return port == gatewayPort && AUTO_PASSTHROUGH.equals(tlsMode);
    }

    @Override
    public String toString() {
        return gateway + " port " + port + (tlsMode.isEmpty() ? " (no tls mode)" : " " + tlsMode)
                + (hosts.isEmpty() ? "" : " hosts " + String.join(",", hosts));
    }
}
