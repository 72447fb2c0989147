package io.meshconformance.config;

/** Names of every setting; scripts and users depend on them, so they do not change. */
public final class Keys {
    public static final String TOPOLOGY = "mesh.topology";
    public static final String MODE = "mesh.mode";
    public static final String K3S_IMAGE = "mesh.k3s.image";
    public static final String NETWORK_SUBNET = "mesh.network.subnet";
    public static final String ISTIO_VERSION = "mesh.istio.version";
    public static final String ISTIO_CHARTS = "mesh.istio.charts";
    public static final String ISTIO_NAMESPACE = "mesh.istio.namespace";
    public static final String ISTIO_REVISION = "mesh.istio.revision";
    public static final String BOOKINFO_REGISTRY = "mesh.bookinfo.registry";
    public static final String BOOKINFO_TAG = "mesh.bookinfo.tag";
    public static final String IMAGES_MIRROR = "mesh.images.mirror";
    public static final String IMAGES_PRELOAD = "mesh.images.preload";
    public static final String PRIMARY_KUBECONFIG = "mesh.primary.kubeconfig";
    public static final String PRIMARY_CONTEXT = "mesh.primary.context";
    public static final String REMOTE_KUBECONFIG = "mesh.remote.kubeconfig";
    public static final String REMOTE_CONTEXT = "mesh.remote.context";
    public static final String REMOTE_SERVER = "mesh.remote.server";
    public static final String EXISTING_INSTALL = "mesh.existing.install";
    public static final String EXISTING_ATTACH = "mesh.existing.attach";
    public static final String DOCTOR_NAMESPACE = "mesh.doctor.namespace";
    public static final String INGRESS_SELECTOR = "mesh.ingress.selector";
    public static final String KEEP_ON_FAILURE = "mesh.keepOnFailure";
    public static final String REUSE = "mesh.reuse";
    public static final String RESULTS = "mesh.results";
    public static final String VERDICT_SUCCESSES = "mesh.verdict.successes";
    public static final String TIMEOUT_PREFIX = "mesh.timeout.";

    private Keys() {
    }
}
