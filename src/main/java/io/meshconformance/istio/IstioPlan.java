package io.meshconformance.istio;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.meshconformance.config.Keys;
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
    /**
     * The label naming a cluster's network: on {@code istio-system}, where istiod reads the network of a cluster's
     * endpoints, and on an east-west gateway's Service, which makes it that network's gateway (istio.io "Install
     * Primary-Remote on different networks"; istio/istio 1.30.3 pilot/pkg/serviceregistry/kube/controller/network.go).
     */
    public static final String NETWORK_LABEL = "topology.istio.io/network";
    /** Namespace annotation that makes the primary's istiod lead the remote (CA root ConfigMaps, webhook CA). */
    public static final String CONTROL_PLANE_CLUSTERS = "topology.istio.io/controlPlaneClusters";

    /**
     * What the istiod chart takes for an IP address in {@code global.remotePilotAddress}: its own two patterns (IPv4,
     * IPv6), from istio/istio 1.30.3 manifests/charts/istio-control/istio-discovery/templates/
     * remote-istiod-service.yaml and remote-istiod-endpointslices.yaml.
     */
    private static final Pattern CHART_IPV4 = Pattern.compile("^([0-9]*\\.){3}[0-9]*$");
    private static final Pattern CHART_IPV6 = Pattern.compile("^([0-9a-fA-F]*:)+[0-9a-fA-F]*$");

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
        return List.of(
                new HelmRelease(primary.name(), "istio-base", "base", NAMESPACE, Map.of()),
                new HelmRelease(primary.name(), "istiod", "istiod", NAMESPACE, istiod),
                networkGateway(primary),
                new HelmRelease(primary.name(), INGRESS_GATEWAY, "gateway", NAMESPACE, ingress));
    }

    /**
     * base and istiod with the remote profile.
     *
     * @param remotePilotAddress address on which the remote's pods and API server reach the primary's istiod
     *                           (15012 xDS/CA, 15017 webhooks): the east-west gateway's address
     */
    public static List<HelmRelease> remote(ClusterSpec remote, String remotePilotAddress) {
        refuseHostname(remote, remotePilotAddress);
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

    /**
     * Refuses an east-west gateway address that is a hostname (a cloud load balancer's DNS name). The remote profile
     * renders the remote's Service {@code istio-system/istiod} from it: for an IP, a Service with an EndpointSlice
     * (15012, and 443 to 15017); for anything else, {@code type: ExternalName} (istio/istio 1.30.3
     * remote-istiod-service.yaml). The injection webhook names that Service on port 443 (mutatingwebhook.yaml), and an
     * ExternalName maps no ports, so the API server would call port 443 of the host, which the east-west gateway does
     * not serve (istiod's webhook is exposed on 15017). The chart's way around it, {@code istiodRemote.injectionURL}
     * and {@code base.validationURL}, needs istiod's serving certificate to name the host
     * ({@code ISTIOD_CUSTOM_HOST}, pilot/pkg/features/pilot.go; pilot/pkg/bootstrap/server.go getDNSNames) before the
     * gateway that gives the host exists, so the run does not install it: it refuses, saying what to do.
     */
    static void refuseHostname(ClusterSpec remote, String address) {
        if (CHART_IPV4.matcher(address).matches() || CHART_IPV6.matcher(address).matches()) {
            return;
        }
        throw new IstioInstallException("Cluster '" + remote.name() + "': the east-west gateway's address '" + address
                + "' is a hostname, not an IP address; with it the remote profile makes the remote's Service "
                + NAMESPACE + "/istiod of type ExternalName, and the API server would call the sidecar injector on"
                + " port 443 of that host, which the east-west gateway does not serve (it exposes istiod's webhook on"
                + " 15017), so no pod of the remote would start. The Istio remote was not installed. Either give the"
                + " east-west gateway a load balancer that reports an IP address (status.loadBalancer.ingress[].ip),"
                + " or install Istio yourself with the remote's istiodRemote.injectionURL=https://" + address
                + ":15017" + injectionPath(remote) + " and base.validationURL=https://" + address + ":15017/validate,"
                + " and the primary's istiod with pilot.env.ISTIOD_CUSTOM_HOST=" + address + " (so its certificate"
                + " names the host), then run with " + Keys.EXISTING_INSTALL + "=false");
    }

    /**
     * Whether {@code cluster} gets an east-west gateway of its own: it is on a network the primary is not on, so
     * traffic to its pods must enter through a gateway of its network (istio.io "Install Primary-Remote on different
     * networks", which installs one in each cluster). Remotes on the primary's network are reached directly.
     */
    public static boolean ownsNetworkGateway(ClusterSpec cluster, ClusterSpec primary) {
        return !cluster.isPrimary() && !cluster.network().equals(primary.network());
    }

    /**
     * The east-west gateway of {@code cluster}'s network: the gateway chart with {@code networkGateway}, which labels
     * the Service with the network, sets {@code ISTIO_META_REQUESTED_NETWORK_VIEW} and opens 15443 (istio/istio 1.30.3
     * manifests/charts/gateway/values.yaml and templates/service.yaml, deployment.yaml). In a remote its pods are
     * injected and configured by the primary's istiod, like every other pod there.
     */
    public static HelmRelease networkGateway(ClusterSpec cluster) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", EASTWEST_GATEWAY);
        values.put("networkGateway", cluster.network());
        return new HelmRelease(cluster.name(), EASTWEST_GATEWAY, "gateway", NAMESPACE, values);
    }

    /** {@code /inject/cluster/<cluster>/net/<network>}: the primary's injector serves the remote's pods on it. */
    public static String injectionPath(ClusterSpec cluster) {
        return "/inject/cluster/" + cluster.name() + "/net/" + cluster.network();
    }
}
