package io.meshconformance.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.lifecycle.Evidence;
import io.meshconformance.lifecycle.EvidenceCollector;
import io.meshconformance.text.Redaction;

/**
 * Evidence of one namespace in one cluster when a stage fails: pods that are not ready with their conditions and
 * container states (init containers too), recent events, and the tail of every failing container's log (and of its
 * previous run when it restarted).
 */
public final class NamespaceEvidence implements EvidenceCollector {

    static final int EVENTS = 40;
    static final int LOG_LINES = 120;

    private final MeshCluster cluster;
    private final String namespace;

    public NamespaceEvidence(MeshCluster cluster, String namespace) {
        this.cluster = cluster;
        this.namespace = namespace;
    }

    @Override
    public List<Evidence> collect() {
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(Evidence.read(cluster.name() + ": pods not ready in " + namespace,
                () -> notReadyPods(cluster.client(), namespace)));
        evidence.add(Evidence.read(cluster.name() + ": recent events in " + namespace,
                () -> events(cluster.client(), namespace)));
        evidence.addAll(failingLogs());
        return evidence;
    }

    static String notReadyPods(KubernetesClient client, String namespace) {
        List<String> lines = new ArrayList<>();
        for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
            if (ready(pod)) {
                continue;
            }
            StringBuilder line = new StringBuilder(pod.getMetadata().getName() + " phase="
                    + (pod.getStatus() == null ? "?" : pod.getStatus().getPhase()));
            if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
                for (PodCondition c : pod.getStatus().getConditions()) {
                    if (!"True".equals(c.getStatus())) {
                        line.append("\n  condition ").append(c.getType()).append('=').append(c.getStatus())
                                .append(c.getReason() == null ? "" : " " + c.getReason())
                                .append(c.getMessage() == null ? "" : ": " + c.getMessage());
                    }
                }
            }
            for (ContainerStatus cs : allContainerStatuses(pod)) {
                if (!Boolean.TRUE.equals(cs.getReady()) && !completed(cs)) {
                    line.append("\n  container ").append(cs.getName()).append(" ready=false restarts=")
                            .append(cs.getRestartCount()).append(state(cs));
                }
            }
            lines.add(line.toString());
        }
        return lines.isEmpty() ? "every pod is ready" : String.join("\n", lines);
    }

    static String events(KubernetesClient client, String namespace) {
        List<Event> events = client.v1().events().inNamespace(namespace).list().getItems();
        if (events.isEmpty()) {
            return "no events";
        }
        return events.stream()
                .sorted(Comparator.comparing(NamespaceEvidence::eventTime,
                        Comparator.nullsFirst(Comparator.naturalOrder())).reversed())
                .limit(EVENTS)
                .map(e -> Objects.toString(eventTime(e), "?") + " " + e.getType() + " " + e.getReason() + " "
                        + (e.getInvolvedObject() == null ? "" : e.getInvolvedObject().getKind() + "/"
                        + e.getInvolvedObject().getName()) + ": " + e.getMessage())
                .collect(Collectors.joining("\n"));
    }

    private List<Evidence> failingLogs() {
        List<Evidence> logs = new ArrayList<>();
        List<Pod> pods;
        try {
            pods = cluster.client().pods().inNamespace(namespace).list().getItems();
        } catch (RuntimeException e) {
            return logs; // the pod list above already says why
        }
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            for (ContainerStatus cs : allContainerStatuses(pod)) {
                boolean restarted = cs.getRestartCount() != null && cs.getRestartCount() > 0;
                boolean failing = !Boolean.TRUE.equals(cs.getReady()) || restarted;
                if (!failing || completed(cs)) {
                    continue;
                }
                logs.add(Evidence.read(cluster.name() + ": log of " + namespace + "/" + name + " " + cs.getName()
                        + " (last " + LOG_LINES + " lines)", () -> log(cluster, namespace, name, cs.getName(), false)));
                if (restarted) {
                    // The run that crashed, not the one running now.
                    logs.add(Evidence.read(cluster.name() + ": previous log of " + namespace + "/" + name + " "
                            + cs.getName() + " (last " + LOG_LINES + " lines)",
                            () -> log(cluster, namespace, name, cs.getName(), true)));
                }
            }
        }
        return logs;
    }

    /**
     * One container's log by a plain GET of the pod's log subresource. fabric8's {@code getLog()} first waits for the
     * pod to be ready through a watch, which a pod that is failing never becomes; a plain read does not wait.
     */
    static String log(MeshCluster cluster, String namespace, String pod, String container, boolean previous) {
        String path = "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log?container=" + container
                + (previous ? "&previous=true" : "") + "&tailLines=" + LOG_LINES;
        String text = cluster.client().raw(cluster.client().getMasterUrl().toString().replaceAll("/$", "") + path);
        if (text == null) {
            throw new IllegalStateException("the API server has no log at " + path);
        }
        // Within the evidence cap, keeping the end: that is where a container says why it stopped.
        return Redaction.capTail(text, Evidence.MAX_CHARS - 100);
    }

    /** An init container (or a job's) that ran to its end: not ready, and rightly so. */
    private static boolean completed(ContainerStatus cs) {
        return cs.getState() != null && cs.getState().getTerminated() != null
                && "Completed".equals(cs.getState().getTerminated().getReason());
    }

    private static boolean ready(Pod pod) {
        if (pod.getStatus() != null && "Succeeded".equals(pod.getStatus().getPhase())) {
            return true;
        }
        List<ContainerStatus> statuses = containerStatuses(pod);
        return !statuses.isEmpty() && statuses.stream().allMatch(cs -> Boolean.TRUE.equals(cs.getReady()));
    }

    /** Init containers too: istio-init or istio-validation failing keeps the pod in PodInitializing. */
    private static List<ContainerStatus> allContainerStatuses(Pod pod) {
        List<ContainerStatus> all = new ArrayList<>();
        if (pod.getStatus() != null && pod.getStatus().getInitContainerStatuses() != null) {
            all.addAll(pod.getStatus().getInitContainerStatuses());
        }
        all.addAll(containerStatuses(pod));
        return all;
    }

    private static List<ContainerStatus> containerStatuses(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return List.of();
        }
        return pod.getStatus().getContainerStatuses();
    }

    private static String state(ContainerStatus cs) {
        if (cs.getState() == null) {
            return "";
        }
        if (cs.getState().getWaiting() != null) {
            return " waiting " + cs.getState().getWaiting().getReason() + (cs.getState().getWaiting().getMessage() == null
                    ? "" : ": " + cs.getState().getWaiting().getMessage());
        }
        if (cs.getState().getTerminated() != null) {
            return " terminated " + cs.getState().getTerminated().getReason() + " exit "
                    + cs.getState().getTerminated().getExitCode();
        }
        return " running";
    }

    private static String eventTime(Event e) {
        if (e.getLastTimestamp() != null) {
            return e.getLastTimestamp();
        }
        if (e.getEventTime() != null) {
            return e.getEventTime().getTime();
        }
        return e.getMetadata() == null ? null : e.getMetadata().getCreationTimestamp();
    }
}
