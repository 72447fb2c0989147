package io.meshconformance.bookinfo;

import io.meshconformance.config.LabelSelector;

/**
 * The run's Bookinfo as deployed: where it lives, the host its Gateway answers for, and the ingress gateway pods the
 * page is fetched through.
 *
 * @param namespace   {@code bookinfo-<run>}, in both clusters
 * @param host        the Host the run's Gateway and VirtualService answer for (sent by the page client)
 * @param ingressPods the labels of the ingress gateway pods the run's Gateway binds to
 */
public record BookinfoDeployment(String namespace, String host, LabelSelector ingressPods) {
}
