package io.meshconformance.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One cell of the version matrix: an Istio release on a k3s image with a topology, and settings of its own, run as
 * one {@code mvn verify} of the conformance suite.
 *
 * @param name     the cell's name (lower-case letters, digits, '-' and '.'), used in paths (target/matrix/NAME) and CI job names
 * @param istio    the Istio release ({@code mesh.istio.version})
 * @param k3s      the k3s image ({@code mesh.k3s.image}), whose tag gives the Kubernetes version
 * @param topology the topology file ({@code mesh.topology}), relative to the project root as written
 * @param settings further {@code mesh.*} settings of this cell, as written
 * @param expected whether Istio supports the cell's Kubernetes minor ({@link IstioSupport})
 * @param line     the line of the matrix file the cell starts on
 */
public record MatrixCell(String name, IstioVersion istio, K3sImage k3s, String topology, Map<String, String> settings,
                         IstioSupport.Expected expected, int line) {

    /**
     * The Bookinfo images the run's manifests use (bookinfo/primary.yaml and bookinfo/remote.yaml), without their
     * registry and tag.
     */
    public static final List<String> BOOKINFO_IMAGES = List.of("examples-bookinfo-productpage-v1",
            "examples-bookinfo-details-v1", "examples-bookinfo-reviews-v1", "examples-bookinfo-reviews-v2",
            "examples-bookinfo-reviews-v3", "examples-bookinfo-ratings-v1");
    /**
     * The Istio images the charts install when no hub is set (the harness sets none): istiod, and the proxy of the
     * gateways and sidecars, tagged with the release.
     */
    public static final List<String> ISTIO_IMAGES = List.of("docker.io/istio/pilot", "docker.io/istio/proxyv2");

    public MatrixCell {
        settings = Map.copyOf(settings);
    }

    /** Every setting the cell's run gets, its own fields first: what goes on Maven's command line as -D. */
    public Map<String, String> properties() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(Keys.ISTIO_VERSION, istio.toString());
        all.put(Keys.K3S_IMAGE, k3s.reference());
        all.put(Keys.TOPOLOGY, topology);
        settings.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> all.put(e.getKey(), e.getValue()));
        return all;
    }

    /**
     * The images a run of this cell needs from a registry: the k3s image on the Docker host; Istio's and Bookinfo's
     * inside the clusters (what {@code mesh.images.preload} can hold as {@code docker save} tarballs).
     */
    public List<String> images() {
        List<String> images = new ArrayList<>();
        images.add(k3s.reference());
        images.addAll(clusterImages());
        return images;
    }

    /** The images pulled inside the clusters: Istio's (tagged with the release) and Bookinfo's. */
    public List<String> clusterImages() {
        List<String> images = new ArrayList<>();
        ISTIO_IMAGES.forEach(image -> images.add(image + ":" + istio));
        String registry = settings.getOrDefault(Keys.BOOKINFO_REGISTRY, MeshSettings.DEFAULT_BOOKINFO_REGISTRY);
        String tag = settings.getOrDefault(Keys.BOOKINFO_TAG, MeshSettings.DEFAULT_BOOKINFO_TAG);
        String prefix = SettingParsers.registry(registry); // as the run reads it (the loader validated it)
        BOOKINFO_IMAGES.forEach(image -> images.add(prefix + "/" + image + ":" + tag));
        return images;
    }
}
