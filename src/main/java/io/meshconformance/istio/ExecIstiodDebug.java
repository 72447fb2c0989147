package io.meshconformance.istio;

import java.time.Duration;
import java.util.List;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.cluster.PodExec;

/**
 * Reads istiod's debug endpoints by running {@code pilot-discovery request GET <path>} inside the istiod container.
 * istiod answers its debug endpoints only to authenticated or local callers; a command inside its own container is
 * local, and needs no port-forward.
 */
public final class ExecIstiodDebug implements IstiodDebug {

    static final String CONTAINER = "discovery";
    /** Per read, for a look that must not hold a run for minutes (the doctor, diagnostics of a failed stage). */
    public static final Duration QUICK_READ = Duration.ofSeconds(20);

    private final KubernetesClient client;
    private final IstiodRevision controlPlane;
    private final Duration timeout;

    /** @param controlPlane whose istiod answers: its namespace and its pods' labels */
    public ExecIstiodDebug(KubernetesClient client, IstiodRevision controlPlane, Duration timeout) {
        this.client = client;
        this.controlPlane = controlPlane;
        this.timeout = timeout;
    }

    @Override
    public String get(String path) throws Exception {
        Pod pod = runningIstiod(client, controlPlane);
        return PodExec.run(client, controlPlane.namespace(), pod.getMetadata().getName(), CONTAINER, timeout,
                "pilot-discovery", "request", "GET", path);
    }

    /**
     * A running pod of {@code controlPlane}'s istiod: labelled {@code app=istiod} in its namespace, of its revision (a
     * pod without {@code istio.io/rev} counts as the default revision's, as {@link ControlPlaneFinder} counts it).
     */
    static Pod runningIstiod(KubernetesClient client, IstiodRevision controlPlane) {
        String namespace = controlPlane.namespace();
        List<Pod> pods = client.pods().inNamespace(namespace).withLabels(IstioPlan.ISTIOD_POD_LABEL.labels()).list()
                .getItems().stream().filter(p -> controlPlane.isIstiod(p.getMetadata().getLabels())).toList();
        return pods.stream()
                .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no running istiod pod (labels "
                        + controlPlane.podSelector() + " in " + namespace + "; pods found: " + pods.size()
                        + "): istiod must run in the primary; see kubectl -n " + namespace
                        + " get pods -l " + controlPlane.podSelector() + " and their events"));
    }
}
