package io.meshconformance.doctor;

import io.fabric8.kubernetes.api.model.Namespace;
import io.meshconformance.config.Keys;
import io.meshconformance.istio.IstioPlan;

/**
 * Judges a cluster the run will install Istio into: {@code istio-system} must be absent, or this run's own.
 */
final class FreshInstall {

    private FreshInstall() {
    }

    /**
     * @param check     the check of the cluster's Istio, whose result this is
     * @param namespace the cluster's {@code istio-system}, null when it has none
     */
    static CheckResult verdict(DoctorCheck check, Namespace namespace, DoctorContext context) {
        if (namespace == null || context.ours(namespace.getMetadata().getLabels())) {
            return check.pass("no " + IstioPlan.NAMESPACE + " yet; this run installs"
                    + " Istio and removes it afterwards");
        }
        return check.fail("namespace " + IstioPlan.NAMESPACE + " exists and was not"
                + " created by this run", "the run installs Istio only into clusters without it, and never changes"
                + " an Istio it did not install: set " + Keys.EXISTING_INSTALL + "=false to verify the Istio this"
                + " cluster has");
    }
}
