package io.meshconformance.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The rules between settings: what one setting's value demands of another, or makes it pointless. An argument is
 * null where that setting's own value was bad (and already reported); a rule that needs it then says nothing, so
 * that one mistake is not reported twice.
 */
final class SettingRules {

    /** The settings that only {@code mesh.mode=existing} reads. */
    static final List<String> EXISTING_MODE_ONLY = List.of(Keys.PRIMARY_KUBECONFIG, Keys.PRIMARY_CONTEXT,
            Keys.REMOTE_KUBECONFIG, Keys.REMOTE_CONTEXT, Keys.REMOTE_SERVER, Keys.EXISTING_INSTALL,
            Keys.EXISTING_ATTACH, Keys.INGRESS_SELECTOR);

    private SettingRules() {
    }

    /**
     * A local chart directory must hold the archives of every chart for the Istio version, as {@code helm pull}
     * names them; looks into the directory. A repository is not checked here: that needs the network.
     */
    static List<String> chartArchives(ChartSource charts, IstioVersion version) {
        if (charts == null || version == null || charts.directory().isEmpty()) {
            return List.of();
        }
        List<String> missing = charts.missingArchives(version);
        if (missing.isEmpty()) {
            return List.of();
        }
        return List.of(Keys.ISTIO_CHARTS + " = '" + charts + "' lacks " + String.join(", ", missing) + " for "
                + Keys.ISTIO_VERSION + "=" + version + "; fetch them on a connected machine with 'helm pull"
                + " istio/<chart> --version " + version + "' (repository " + MeshSettings.DEFAULT_ISTIO_CHARTS + ")");
    }

    /**
     * Existing mode needs both clusters' kubeconfigs, and a run that installs Istio into them must also attach the
     * remote: a fresh remote has no attachment to verify.
     */
    static List<String> existingMode(Mode mode, Optional<Path> primaryKubeconfig, Optional<Path> remoteKubeconfig,
            boolean install, boolean attach) {
        if (mode != Mode.EXISTING || primaryKubeconfig == null || remoteKubeconfig == null) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        if (primaryKubeconfig.isEmpty()) {
            problems.add(Keys.PRIMARY_KUBECONFIG + " is required when " + Keys.MODE + "=existing: give the path of"
                    + " the primary cluster's kubeconfig (and " + Keys.PRIMARY_CONTEXT
                    + " if it is not the current context)");
        }
        if (remoteKubeconfig.isEmpty()) {
            problems.add(Keys.REMOTE_KUBECONFIG + " is required when " + Keys.MODE + "=existing: give the path of"
                    + " the remote cluster's kubeconfig (and " + Keys.REMOTE_CONTEXT
                    + " if it is not the current context)");
        }
        if (install && !attach) {
            problems.add(Keys.EXISTING_INSTALL + "=true needs " + Keys.EXISTING_ATTACH + "=true: a remote whose"
                    + " Istio this run installs has no attachment yet to verify; set both, or neither to verify the"
                    + " mesh as found");
        }
        return problems;
    }

    /**
     * A run that installs Istio (k3s mode, or existing mode with mesh.existing.install=true) installs it as the
     * istio.io primary-remote pages do: into istio-system, without a revision. Another namespace or a revision there
     * is refused rather than ignored, as the user evidently meant a control plane the run would not build.
     */
    static List<String> installedControlPlane(Mode mode, boolean install, String namespace,
            Optional<String> revision) {
        if (mode == null || (mode == Mode.EXISTING && !install)) {
            return List.of();
        }
        String why = mode == Mode.K3S ? "when " + Keys.MODE + "=k3s" : "when " + Keys.EXISTING_INSTALL + "=true";
        String fix = mode == Mode.K3S ? "set " + Keys.MODE + "=existing (with " + Keys.EXISTING_INSTALL
                + "=false) to test a control plane installed that way"
                : "set " + Keys.EXISTING_INSTALL + "=false to verify a control plane installed that way";
        List<String> problems = new ArrayList<>();
        if (namespace != null && !MeshSettings.DEFAULT_ISTIO_NAMESPACE.equals(namespace)) {
            problems.add(Keys.ISTIO_NAMESPACE + " = '" + namespace + "' is refused " + why + ": the harness installs"
                    + " Istio itself, into " + MeshSettings.DEFAULT_ISTIO_NAMESPACE + "; leave " + Keys.ISTIO_NAMESPACE
                    + " unset, or " + fix);
        }
        if (revision != null && revision.isPresent()) {
            problems.add(Keys.ISTIO_REVISION + " = '" + revision.get() + "' is refused " + why + ": the harness"
                    + " installs Istio itself, without a revision; leave " + Keys.ISTIO_REVISION + " unset, or "
                    + fix);
        }
        return problems;
    }

    /**
     * Warnings for settings the user gave that this mode does not read: the k3s mode reads none of the existing
     * mode's, and a run that installs Istio uses the ingress gateway it installs, whatever the selector says.
     */
    static List<String> ignored(Mode mode, boolean install, Predicate<String> given) {
        List<String> warnings = new ArrayList<>();
        if (mode == Mode.EXISTING) {
            if (install && given.test(Keys.INGRESS_SELECTOR)) {
                warnings.add(Keys.INGRESS_SELECTOR + " is ignored when " + Keys.EXISTING_INSTALL + "=true: the page"
                        + " goes through the ingress gateway the run installs ("
                        + MeshSettings.DEFAULT_INGRESS_SELECTOR + ")");
            }
        } else if (mode == Mode.K3S) {
            for (String key : EXISTING_MODE_ONLY) {
                if (given.test(key)) {
                    warnings.add(key + " is ignored when " + Keys.MODE + "=k3s (the harness starts its own"
                            + " clusters); set " + Keys.MODE + "=existing to test the clusters it points at");
                }
            }
        }
        return warnings;
    }

    /**
     * Only the harness's own k3s clusters are kept for reuse: existing clusters are the user's, and stay anyway, while
     * what the run makes in them is always removed.
     */
    static List<String> reuse(Mode mode, boolean reuse) {
        if (!reuse || mode == null || mode == Mode.K3S) {
            return List.of();
        }
        return List.of(Keys.REUSE + "=true needs " + Keys.MODE + "=k3s: it keeps the harness's own k3s clusters"
                + " between runs, while existing clusters are yours and what a run makes in them is always removed;"
                + " unset " + Keys.REUSE);
    }
}
