package io.meshconformance.doctor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.istio.IstioPlan;

/**
 * Checks that every cluster trusts one root: the root certificate istiod publishes in each cluster's
 * {@code istio-system} is the same everywhere, compared by fingerprint.
 */
final class RootCertCheck implements DoctorCheck {

    /** The root certificate istiod publishes in every namespace (pilot/pkg/features PILOT_CA_CERT_CONFIGMAP). */
    static final String ROOT_CERT_CONFIGMAP = "istio-ca-root-cert";
    /** Its data key (pkg/config/constants CACertNamespaceConfigMapDataName). */
    static final String ROOT_CERT_KEY = "root-cert.pem";

    private final DoctorContext context;

    RootCertCheck(DoctorContext context) {
        this.context = context;
    }

    @Override
    public Check check() {
        return Check.ROOT_CERT;
    }

    @Override
    public String scope() {
        return "mesh";
    }

    @Override
    public CheckResult run() {
        if (context.expect().istioByRun()) {
            return skip("this run installs Istio; the primary's istiod will issue"
                    + " every certificate");
        }
        if (!context.all().stream().allMatch(context::answered)) {
            return skip("not checked: every cluster must answer (see 'api')");
        }
        Map<String, List<String>> fingerprints = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (MeshCluster cluster : context.all()) {
            ConfigMap map = cluster.client().configMaps().inNamespace(context.istioNamespace())
                    .withName(ROOT_CERT_CONFIGMAP).get();
            String pem = map == null || map.getData() == null ? null : map.getData().get(ROOT_CERT_KEY);
            if (pem == null || pem.isBlank()) {
                missing.add(cluster.name());
            } else {
                fingerprints.put(cluster.name(), CertificateFingerprints.fingerprints(pem));
            }
        }
        String evidence = fingerprints.entrySet().stream().map(e -> e.getKey() + " sha256 " + e.getValue()
                .stream().map(CertificateFingerprints::shortFingerprint).collect(Collectors.joining(" + ")))
                .collect(Collectors.joining(", "));
        if (!missing.isEmpty()) {
            return missing(missing, evidence);
        }
        List<Set<String>> bundles = fingerprints.values().stream().map(l -> (Set<String>) new HashSet<>(l))
                .toList();
        if (bundles.stream().allMatch(bundles.get(0)::equals)) {
            return pass("one root in every cluster: " + evidence);
        }
        if (bundles.get(0).stream().anyMatch(f -> bundles.stream().allMatch(b -> b.contains(f)))) {
            return warn("the clusters share a root, but their bundles differ: "
                    + evidence, "a root rotation may be under way; if not, make the bundles equal so that both"
                    + " clusters trust the same roots");
        }
        return fail("the root certificates differ: " + evidence,
                "sidecars of the two clusters will not trust each other. In primary-remote only the"
                        + " primary's istiod issues certificates: remove a CA the remote runs itself, or give"
                        + " both clusters the same root (istio.io: plug in CA certificates)");
    }

    /** Some clusters have no root yet: fine only for remotes the run is about to attach. */
    private CheckResult missing(List<String> missing, String evidence) {
        String primary = context.primary().name();
        boolean primaryMissing = missing.contains(primary);
        if (!primaryMissing && context.expect().attachByRun()) {
            return skip("no root certificate in " + missing + " yet: the"
                    + " primary's istiod publishes it there once the run has attached the remote"
                    + (evidence.isEmpty() ? "" : "; " + evidence));
        }
        return fail("no " + context.istioNamespace() + "/" + ROOT_CERT_CONFIGMAP
                + " (" + ROOT_CERT_KEY + ") in " + missing + (evidence.isEmpty() ? "" : "; " + evidence),
                primaryMissing ? "istiod publishes it in every namespace it manages: check that istiod runs in"
                        + " the primary and read its log"
                        : "the primary's istiod publishes it in the remote only when it leads the remote:"
                        + " annotate the remote's " + context.istioNamespace() + " with "
                        + IstioPlan.CONTROL_PLANE_CLUSTERS + "=" + primary + " and make sure istiod"
                        + " has synced the remote (see 'istiod-sync')");
    }
}
