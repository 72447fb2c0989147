package io.meshconformance.cluster;

import io.fabric8.kubernetes.api.model.Pod;

/** What the harness asks of a pod's status. */
public final class Pods {

    private Pods() {
    }

    /** Running, not being deleted, and its Ready condition True: a pod that can serve a request now. */
    public static boolean runningAndReady(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
                && pod.getMetadata().getDeletionTimestamp() == null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
