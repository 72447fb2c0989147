package io.meshconformance.istio;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

/**
 * What istiod makes of one Service labelled {@code topology.istio.io/network}: the network it would be the gateway
 * of, the port, whether it listens there, and the addresses istiod would send other networks' traffic to. Pure.
 * <p>istio/istio 1.30.3 {@code pilot/pkg/serviceregistry/kube/controller/network.go} ({@code getGatewayDetails}): a
 * Service with a non-empty network label is a gateway of that network when one of its ports is the gateway port,
 * 15443 ({@code DefaultNetworkGatewayPort}, {@code controller.go}) or the number in the label
 * {@code networking.istio.io/gatewayPort} (a label that is no number is ignored), or 15008 (an ambient HBONE
 * gateway, of no use to sidecars). Its addresses ({@code pilot/pkg/serviceregistry/kube/conversion.go},
 * {@code ConvertService}): for type LoadBalancer each {@code status.loadBalancer.ingress[]} ip, else hostname; for
 * any type {@code spec.externalIPs}; a NodePort Service with the annotation {@code traffic.istio.io/nodeSelector}
 * gets the addresses of the nodes it selects, at the node port.
 *
 * @param cluster      the cluster that holds it
 * @param network      the value of its network label
 * @param port         the gateway port istiod expects on it
 * @param portNote     what became of a {@code networking.istio.io/gatewayPort} label; empty when it has none
 * @param listens      it has a port equal to {@link #port}
 * @param hboneOnly    it does not listen on {@link #port} but on 15008: an ambient gateway
 * @param addresses    the load balancer's and the external addresses istiod would use
 * @param nodeSelector the annotation's value, when istiod takes node addresses instead
 */
public record NetworkGatewayService(String cluster, String namespace, String name, String type, String network, int port,
                             String portNote, boolean listens, boolean hboneOnly, List<String> addresses,
                             Optional<String> nodeSelector) {

    public static final String GATEWAY_PORT_LABEL = "networking.istio.io/gatewayPort";
    public static final int DEFAULT_GATEWAY_PORT = 15443;
    public static final int HBONE_PORT = 15008;
    public static final String NODE_SELECTOR_ANNOTATION = "traffic.istio.io/nodeSelector";

    public NetworkGatewayService {
        addresses = List.copyOf(addresses);
    }

    /** The Service as istiod reads it; empty when it carries no network label value, which istiod ignores. */
    public static Optional<NetworkGatewayService> of(String cluster, Service service) {
        Map<String, String> labels = Objects.requireNonNullElse(service.getMetadata().getLabels(), Map.of());
        String network = labels.get(IstioPlan.NETWORK_LABEL);
        if (network == null || network.isEmpty()) {
            return Optional.empty();
        }
        int port = DEFAULT_GATEWAY_PORT;
        String portNote = "";
        String portLabel = labels.get(GATEWAY_PORT_LABEL);
        if (portLabel != null && !portLabel.isEmpty()) {
            try {
                port = Integer.parseInt(portLabel);
                portNote = GATEWAY_PORT_LABEL + "=" + portLabel;
            } catch (NumberFormatException e) {
                portNote = GATEWAY_PORT_LABEL + "=" + portLabel + " is no number, so istiod uses "
                        + DEFAULT_GATEWAY_PORT;
            }
        }
        var spec = service.getSpec();
        List<Integer> ports = spec == null || spec.getPorts() == null ? List.of()
                : spec.getPorts().stream().map(ServicePort::getPort).filter(Objects::nonNull).toList();
        boolean listens = ports.contains(port);
        String type = spec == null || spec.getType() == null ? "ClusterIP" : spec.getType();
        List<String> addresses = new ArrayList<>();
        if (type.equals("LoadBalancer") && service.getStatus() != null
                && service.getStatus().getLoadBalancer() != null
                && service.getStatus().getLoadBalancer().getIngress() != null) {
            for (LoadBalancerIngress ingress : service.getStatus().getLoadBalancer().getIngress()) {
                if (ingress.getIp() != null && !ingress.getIp().isEmpty()) {
                    addresses.add(ingress.getIp());
                } else if (ingress.getHostname() != null && !ingress.getHostname().isEmpty()) {
                    addresses.add(ingress.getHostname());
                }
            }
        }
        if (spec != null && spec.getExternalIPs() != null) {
            addresses.addAll(spec.getExternalIPs());
        }
        Map<String, String> annotations = Objects.requireNonNullElse(service.getMetadata().getAnnotations(),
                Map.of());
        Optional<String> nodeSelector = type.equals("NodePort")
                ? Optional.ofNullable(annotations.get(NODE_SELECTOR_ANNOTATION)) : Optional.empty();
        return Optional.of(new NetworkGatewayService(cluster, service.getMetadata().getNamespace(),
                service.getMetadata().getName(), type, network, port, portNote, listens,
                !listens && ports.contains(HBONE_PORT), addresses, nodeSelector));
    }

    /** A gateway of its network for sidecars: it listens on the gateway port. */
    public boolean gateway() {
        return listens;
    }

    public boolean hasAddress() {
        return !addresses.isEmpty() || nodeSelector.isPresent();
    }

    /** "istio-system/istio-eastwestgateway in 'remote'". */
    public String where() {
        return namespace + "/" + name + " in '" + cluster + "'";
    }

    /** Where istiod would send traffic: "172.18.0.3:15443", or the nodes an annotation selects. */
    public String address() {
        if (!addresses.isEmpty()) {
            return String.join(", ", addresses) + " port " + port;
        }
        return nodeSelector.map(s -> "the node port of " + port + " on the nodes selected by "
                + NODE_SELECTOR_ANNOTATION + "=" + s).orElse("none");
    }
}
