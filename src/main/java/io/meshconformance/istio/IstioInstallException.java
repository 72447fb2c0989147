package io.meshconformance.istio;

/** An Istio install step failed; the message names the cluster, the release and Helm's own words. */
public class IstioInstallException extends RuntimeException {

    public IstioInstallException(String message, Throwable cause) {
        super(message, cause);
    }

    public IstioInstallException(String message) {
        super(message);
    }
}
