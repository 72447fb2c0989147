package io.meshconformance.bookinfo;

import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.config.LabelSelector;

/**
 * How the run reaches /productpage in the primary: the real way is a port-forward to an ingress gateway pod
 * ({@link #PORT_FORWARD}); the rehearsal tier serves the page from its stand-ins.
 */
@FunctionalInterface
public interface PageAccess {

    /** Through a ready ingress gateway pod of the primary ({@link ProductPageClient}). */
    PageAccess PORT_FORWARD = (primary, host, ingressPods) -> new ProductPageClient(primary.client(), host,
            ingressPods);

    /**
     * Opens the page of the run's Bookinfo.
     *
     * @param host        the Host header that selects the run's Gateway and VirtualService
     * @param ingressPods the labels of the ingress gateway pods
     */
    Page open(MeshCluster primary, String host, LabelSelector ingressPods);

    /** The page, fetched as often as a verdict asks; closing releases what reaching it holds (a forward). */
    interface Page extends PageVerdict.PageSource, AutoCloseable {
        @Override
        void close();
    }
}
