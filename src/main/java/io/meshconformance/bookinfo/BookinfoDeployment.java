package io.meshconformance.bookinfo;

import io.meshconformance.config.LabelSelector;
import io.meshconformance.istio.IstiodRevision;

/**
 * The run's Bookinfo as deployed: where it lives, the host its Gateway answers for, the ingress gateway pods the
 * page is fetched through, and the control plane whose injector takes its pods and whose registry must hold it.
 *
 * @param namespace   {@code bookinfo-<run>}, in both clusters
 * @param host        the Host the run's Gateway and VirtualService answer for (sent by the page client)
 * @param ingressPods the labels of the ingress gateway pods the run's Gateway binds to
 * @param controlPlane the istiod (namespace, revision) that injects its pods; its namespaces carry that label
 */
public record BookinfoDeployment(String namespace, String host, LabelSelector ingressPods,
                                 IstiodRevision controlPlane) {
}
