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
    private final Duration timeout;

    public ExecIstiodDebug(KubernetesClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public String get(String path) throws Exception {
        Pod pod = runningIstiod();
        return PodExec.run(client, IstioPlan.NAMESPACE, pod.getMetadata().getName(), CONTAINER, timeout,
                "pilot-discovery", "request", "GET", path);
    }

    private Pod runningIstiod() {
        List<Pod> pods = client.pods().inNamespace(IstioPlan.NAMESPACE).withLabels(IstioPlan.ISTIOD_POD_LABEL.labels()).list()
                .getItems();
        return pods.stream()
                .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no running istiod pod (labels "
                        + IstioPlan.ISTIOD_POD_LABEL + " in " + IstioPlan.NAMESPACE + "; pods found: " + pods.size()
                        + "): istiod must run in the primary; see kubectl -n " + IstioPlan.NAMESPACE
                        + " get pods -l app=istiod and their events"));
    }
}
