package io.meshconformance.rehearsal;

import java.util.List;

/**
 * The eight stages as the report names them: the display names of MulticlusterBookinfoIT's tests, written out here
 * (not read from the suite) so that a rehearsal fails when what a user sees changes.
 */
final class Stage {

    static final String CLUSTERS =
            "1. Clusters: two k3s clusters, or the existing two -> preflight doctor finds no failure";
    static final String PRIMARY = "2. Istio primary: installed, or verified as found -> istiod exposed to the remote";
    static final String REMOTE =
            "3. Istio remote: remote profile installed, or verified as found -> led by the primary";
    static final String BOOKINFO =
            "4. Bookinfo in the primary, without details -> /productpage shows the details error";
    static final String ATTACH = "5. Attach: the remote secret in the primary -> istiod reports the remote synced";
    static final String DETAILS = "6. details in the remote -> details-v1 ready";
    static final String REGISTRY_VERDICT =
            "7. Verdict 1: istiod's registry -> details with endpoints from the remote's pod range";
    static final String PAGE_VERDICT =
            "8. Verdict 2: /productpage in the primary -> the book details, in consecutive requests";

    /** The titles of the stages a warm run (mesh.reuse) reuses the kept mesh in. */
    static final String CLUSTERS_REUSED = "1. Clusters: the kept mesh, reused -> preflight doctor finds no failure";
    static final String PRIMARY_REUSED =
            "2. Istio primary: reused from the kept mesh -> istiod ready, as the doctor saw it";
    static final String REMOTE_REUSED =
            "3. Istio remote: reused from the kept mesh -> led by the primary, as the doctor saw it";
    static final String ATTACH_REUSED = "5. Attach: reused from the kept mesh -> istiod reports the remote synced";

    /** In the suite's order. */
    static final List<String> ALL = List.of(CLUSTERS, PRIMARY, REMOTE, BOOKINFO, ATTACH, DETAILS, REGISTRY_VERDICT,
            PAGE_VERDICT);

    /** A warm run's, in the suite's order. */
    static final List<String> ALL_REUSED = List.of(CLUSTERS_REUSED, PRIMARY_REUSED, REMOTE_REUSED, BOOKINFO,
            ATTACH_REUSED, DETAILS, REGISTRY_VERDICT, PAGE_VERDICT);

    /** The epic (the mesh model) and feature every stage carries, for the report's Behaviors tab. */
    static final String EPIC = "Istio primary-remote, one network";
    static final String EPIC_NETWORKS = "Istio primary-remote, several networks";
    static final String FEATURE = "Stage";

    private Stage() {
    }
}
