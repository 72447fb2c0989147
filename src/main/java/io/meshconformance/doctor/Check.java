package io.meshconformance.doctor;

import io.meshconformance.lifecycle.Layer;

/** The doctor's checks: the name scripts and reports use, and the layer a failure of it points at. */
public enum Check {
    API("api", Layer.CLUSTER),
    TOPOLOGY_RANGES("topology-ranges", Layer.PREFLIGHT),
    RANGES_DISJOINT("ranges-disjoint", Layer.CLUSTER),
    ISTIO_PRIMARY("istio-primary", Layer.CONTROL_PLANE),
    ISTIO_REMOTE("istio-remote", Layer.REMOTE_INSTALL),
    NETWORK_LABEL("network-label", Layer.REMOTE_INSTALL),
    NETWORK_GATEWAY("network-gateway", Layer.DATA_PLANE),
    INJECTION_WEBHOOK("injection-webhook", Layer.CONTROL_PLANE),
    INGRESS_GATEWAY("ingress-gateway", Layer.CONTROL_PLANE),
    REMOTE_SECRET("remote-secret", Layer.ATTACH_SYNC),
    READER_TOKEN("reader-token", Layer.ATTACH_SYNC),
    ISTIOD_SYNC("istiod-sync", Layer.ATTACH_SYNC),
    ROOT_CERT("root-cert", Layer.ATTACH_SYNC),
    DETAILS_DNS("details-dns", Layer.PAGE);

    private final String id;
    private final Layer layer;

    Check(String id, Layer layer) {
        this.id = id;
        this.layer = layer;
    }

    /** The stable name shown in the table ("remote-secret"). */
    public String id() {
        return id;
    }

    public Layer layer() {
        return layer;
    }

    @Override
    public String toString() {
        return id;
    }
}
