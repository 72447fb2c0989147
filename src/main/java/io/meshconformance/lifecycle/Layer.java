package io.meshconformance.lifecycle;

/** The layers a multicluster mesh is built of, bottom up; a failure names the first one found broken. */
public enum Layer {
    CLUSTER("cluster", "the clusters (k3s or existing), their API servers or images"),
    PREFLIGHT("preflight", "the clusters as the doctor found them, before any stage changed them"),
    NETWORK_ROUTES("network routes", "the routes between the clusters' nodes"),
    CONTROL_PLANE("control plane", "Istio in the primary (istiod, gateways)"),
    REMOTE_INSTALL("remote install", "Istio's remote profile in the remote"),
    ATTACH_SYNC("attach/sync", "the remote secret and istiod's sync of the remote"),
    REGISTRY("registry", "istiod's service registry (details and its remote endpoints)"),
    DATA_PLANE("data plane", "the sidecars' traffic between the clusters"),
    PAGE("page", "productpage, the ingress gateway and its routes");

    private final String label;
    private final String covers;

    Layer(String label, String covers) {
        this.label = label;
        this.covers = covers;
    }

    public String label() {
        return label;
    }

    public String covers() {
        return covers;
    }
}
