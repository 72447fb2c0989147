package io.meshconformance.istio;

import java.util.Optional;

import io.meshconformance.lifecycle.Layer;
import io.meshconformance.lifecycle.LayeredFailure;

/**
 * An east-west gateway's LoadBalancer Service got no address, so {@code helm install --wait} ran out of time on it:
 * the cluster has no working LoadBalancer implementation, whatever stage installed the gateway.
 */
public class GatewayAddressException extends IstioInstallException implements LayeredFailure {

    public GatewayAddressException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Optional<Layer> brokenLayer() {
        return Optional.of(Layer.CLUSTER);
    }
}
