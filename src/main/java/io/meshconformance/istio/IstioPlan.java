package io.meshconformance.istio;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.meshconformance.config.LabelSelector;
import io.meshconformance.topology.ClusterSpec;

/**
 * The Helm releases of an Istio primary-remote mesh, with their values (istio.io "Install Primary-Remote"
 * with Helm, for Istio 1.24 and later; istio/istio {@code manifests/charts}, {@code manifests/helm-profiles}). The cluster names and networks come from the topology, so the name istiod knows a cluster by
 * and the data key of its remote secret are the same value by construction. Pure.
 */
public final class IstioPlan {

    public static final String NAMESPACE = "istio-system";
    public static final String MESH_ID = "mesh1";
    /** Release name of the ingress gateway the harness installs. */
    public static final String INGRESS_GATEWAY = "istio-ingressgateway";
    /**
     * The pod label the gateway chart derives from that release name: {@code istio: <release without "istio-">}
     * (istio/istio 1.30.3 manifests/charts/gateway/templates/_helpers.tpl), which the run's Gateway selects.
     */
    public static final LabelSelector INGRESS_GATEWAY_POD_LABEL =
            LabelSelector.of("istio", INGRESS_GATEWAY.substring("istio-".length()));
    /** The label of istiod's Deployment and pods (istio/istio 1.30.3 istio-discovery templates/deployment.yaml). */
    public static final LabelSelector ISTIOD_POD_LABEL = LabelSelector.of("app", "istiod");
    /** Release and {@code name} value of the east-west gateway; pods get {@code istio: eastwestgateway}. */
    public static final String EASTWEST_GATEWAY = "istio-eastwestgateway";
    /** Namespace annotation that makes the primary's istiod lead the remote (CA root ConfigMaps, webhook CA). */
    public static final String CONTROL_PLANE_CLUSTERS = "topology.istio.io/controlPlaneClusters";

    private IstioPlan() {
    }

    /**
     * The labels of the ingress gateway pods that serve /productpage: the harness's own gateway when the run installs
     * Istio, otherwise the user's ({@code mesh.ingress.selector}).
     */
    public static LabelSelector ingressPods(boolean runInstallsIstio, LabelSelector configured) {
        return runInstallsIstio ? INGRESS_GATEWAY_POD_LABEL : configured;
    }

    /** base, istiod, the east-west gateway (exposes istiod to the remote) and the ingress gateway. */
    public static List<HelmRelease> primary(ClusterSpec primary) {
        Map<String, String> istiod = new LinkedHashMap<>();
        istiod.put("global.meshID", MESH_ID);
        // Lets this istiod also serve as the external control plane of remotes that name it.
        istiod.put("global.externalIstiod", "true");
        istiod.put("global.multiCluster.clusterName", primary.name());
        istiod.put("global.network", primary.network());
        // The ingress gateway needs no LoadBalancer: the harness reaches it by port-forward. As a LoadBalancer it
        // would ask k3s's servicelb for the node's port 15021, which the east-west gateway already holds, and never
        // get an address, so Helm's wait would time out.
        Map<String, String> ingress = new LinkedHashMap<>();
        ingress.put("service.type", "ClusterIP");
        Map<String, String> eastwest = new LinkedHashMap<>();
        eastwest.put("name", EASTWEST_GATEWAY);
        eastwest.put("networkGateway", primary.network());
        return List.of(
                new HelmRelease(primary.name(), "istio-base", "base", NAMESPACE, Map.of()),
                new HelmRelease(primary.name(), "istiod", "istiod", NAMESPACE, istiod),
                new HelmRelease(primary.name(), EASTWEST_GATEWAY, "gateway", NAMESPACE, eastwest),
                new HelmRelease(primary.name(), INGRESS_GATEWAY, "gateway", NAMESPACE, ingress));
    }

    /**
     * base and istiod with the remote profile.
     *
     * @param remotePilotAddress address on which the remote's pods and API server reach the primary's istiod
     *                           (15012 xDS/CA, 15017 webhooks): the east-west gateway's address
     */
    public static List<HelmRelease> remote(ClusterSpec remote, String remotePilotAddress) {
        Map<String, String> base = new LinkedHashMap<>();
        base.put("profile", "remote");
        Map<String, String> istiod = new LinkedHashMap<>();
        istiod.put("profile", "remote");
        istiod.put("global.multiCluster.clusterName", remote.name());
        istiod.put("global.network", remote.network());
        istiod.put("istiodRemote.injectionPath", injectionPath(remote));
        istiod.put("global.configCluster", "true");
        istiod.put("global.remotePilotAddress", remotePilotAddress);
        return List.of(
                new HelmRelease(remote.name(), "istio-base", "base", NAMESPACE, base),
                new HelmRelease(remote.name(), "istiod", "istiod", NAMESPACE, istiod));
    }

    /** {@code /inject/cluster/<cluster>/net/<network>}: the primary's injector serves the remote's pods on it. */
    public static String injectionPath(ClusterSpec cluster) {
        return "/inject/cluster/" + cluster.name() + "/net/" + cluster.network();
    }
}
