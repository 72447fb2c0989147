package io.meshconformance.doctor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.meshconformance.cluster.KubeClients;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.config.LabelSelector;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.istio.IstioPlan;
import io.meshconformance.istio.IstiodDebug;
import io.meshconformance.istio.IstiodRevision;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.text.Causes;

/**
 * Looks at two clusters before any stage and says, check by check, whether they can form the mesh the topology
 * describes: each result names what was seen and, when something is wrong, the fix. It only reads; it creates and
 * changes nothing. Checks that depend on an earlier one (a cluster that does not answer, Istio that is absent) are
 * skipped with the reason rather than failing twice.
 */
public final class PreflightDoctor {

    /**
     * How long one read of a check may take. A check decides from what it reads, so its reads make no retries: an
     * API server that refuses, or accepts and never answers, is that check's finding within this bound, not after the
     * client's backoff (check 'api' bounds its own reads more tightly: {@link ApiCheck#READ_TIMEOUT}).
     */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    /**
     * What the run will do itself, so the doctor does not demand it beforehand.
     *
     * @param istioByRun  the run installs Istio (k3s mode, or mesh.existing.install=true)
     * @param attachByRun the run creates the remote secret (k3s mode, or mesh.existing.attach=true)
     * @param appNamespace the namespace of the application whose calls to details need DNS in the primary
     * @param ingressSelector the labels of the ingress gateway pods the page verdict goes through
     * @param istioNamespace istiod's namespace (mesh.istio.namespace), in the primary and, by name, in every remote
     * @param istioRevision the revision or tag the run uses (mesh.istio.revision); empty: the one found
     */
    public record Expectations(boolean istioByRun, boolean attachByRun, String appNamespace,
                               LabelSelector ingressSelector, String istioNamespace, Optional<String> istioRevision) {

        /** With the control plane in istio-system, its revision found in the primary. */
        public Expectations(boolean istioByRun, boolean attachByRun, String appNamespace,
                            LabelSelector ingressSelector) {
            this(istioByRun, attachByRun, appNamespace, ingressSelector, IstioPlan.NAMESPACE, Optional.empty());
        }

        /** With the labels of the ingress gateway the harness installs. */
        public Expectations(boolean istioByRun, boolean attachByRun, String appNamespace) {
            this(istioByRun, attachByRun, appNamespace, IstioPlan.INGRESS_GATEWAY_POD_LABEL);
        }

        /** What a run with {@code settings} will do itself, and where the doctor looks for the application. */
        public static Expectations of(MeshSettings settings) {
            return new Expectations(settings.installsIstio(), settings.attachesRemote(), settings.doctorNamespace(),
                    IstioPlan.ingressPods(settings.installsIstio(), settings.ingressSelector()),
                    settings.istioNamespace(), settings.istioRevision());
        }
    }

    private final MeshCluster primary;
    private final List<MeshCluster> remotes;
    private final Function<IstiodRevision, IstiodDebug> istiod;
    private final Expectations expect;
    private final Optional<RunId> run;

    /**
     * @param istiod    how to read the debug endpoints of the primary's istiod of a revision (asked only when the
     *                  checks need it, for the control plane check 'istio-primary' found)
     * @param run       the run whose objects (labelled with it) the doctor may find; empty for the doctor on its own
     */
    public PreflightDoctor(MeshCluster primary, List<MeshCluster> remotes,
                           Function<IstiodRevision, IstiodDebug> istiod,
                           Expectations expect, Optional<RunId> run) {
        this.primary = primary;
        this.remotes = List.copyOf(remotes);
        this.istiod = istiod;
        this.expect = expect;
        this.run = run;
    }

    public DoctorReport run() {
        return run(step -> { });
    }

    /**
     * Runs every check in order; {@code progress} hears of each that runs before it starts ("api [primary]"), so that
     * a person waiting on a slow cluster sees where the doctor is.
     */
    public DoctorReport run(Consumer<String> progress) {
        Set<String> answered = new HashSet<>();
        MeshCluster checkedPrimary = forChecks(primary);
        List<MeshCluster> checkedRemotes = remotes.stream().map(PreflightDoctor::forChecks).toList();
        try {
            DoctorContext context = new DoctorContext(checkedPrimary, checkedRemotes, expect, run, istiod,
                    Collections.unmodifiableSet(answered));
            List<CheckResult> results = new ArrayList<>();
            for (DoctorCheck check : plan(context)) {
                CheckResult result = perform(check, context, progress);
                // A WARN of 'api' (TLS verification off) still answered: the later checks can read through it.
                if (result.check() == Check.API && (result.status() == CheckResult.Status.PASS
                        || result.status() == CheckResult.Status.WARN)) {
                    answered.add(result.scope());
                }
                results.add(result);
            }
            return new DoctorReport(results);
        } finally {
            checkedPrimary.client().close();
            checkedRemotes.forEach(c -> c.client().close());
        }
    }

    /** {@code cluster} as the checks read it: through a client of {@link KubeClients#forChecks}, closed after. */
    private static MeshCluster forChecks(MeshCluster cluster) {
        return new MeshCluster(cluster.spec(), KubeClients.forChecks(cluster.client(), READ_TIMEOUT),
                cluster.kubeconfig(), cluster.internalServer());
    }

    /**
     * Every check in the order of the table: first whether each API server answers, as every later check reads
     * through it. A check that needs an earlier one's finding is handed that check.
     */
    private static List<DoctorCheck> plan(DoctorContext context) {
        List<DoctorCheck> plan = new ArrayList<>();
        context.all().forEach(cluster -> plan.add(new ApiCheck(cluster)));
        List<TopologyRangesCheck> ranges = context.all().stream().map(TopologyRangesCheck::new).toList();
        plan.addAll(ranges);
        plan.add(new RangesDisjointCheck(ranges));
        IstioPrimaryCheck istioPrimary = new IstioPrimaryCheck(context);
        plan.add(istioPrimary);
        context.remotes().forEach(remote -> plan.add(new IstioRemoteCheck(context, remote, istioPrimary)));
        context.all().forEach(cluster -> plan.add(new NetworkLabelCheck(context, cluster)));
        NetworkGatewayCheck.networks(context).forEach(network -> plan.add(new NetworkGatewayCheck(context, network,
                istioPrimary)));
        context.all().forEach(cluster -> plan.add(new InjectionWebhookCheck(context, cluster, istioPrimary)));
        plan.add(new IngressGatewayCheck(context));
        for (MeshCluster remote : context.remotes()) {
            RemoteSecretCheck secret = new RemoteSecretCheck(context, remote, istioPrimary);
            plan.add(secret);
            if (context.expect().attachByRun()) {
                // Only when stage 5 makes the attachment: which reader token it will use.
                plan.add(new ReaderTokenCheck(remote, context.istioNamespace()));
            }
            plan.add(new IstiodSyncCheck(context, remote, istioPrimary, secret));
        }
        plan.add(new RootCertCheck(context));
        context.remotes().forEach(remote -> plan.add(new DetailsDnsCheck(context, remote)));
        return plan;
    }

    private static CheckResult perform(DoctorCheck check, DoctorContext context, Consumer<String> progress) {
        Optional<MeshCluster> silent = check.needs().stream().filter(c -> !context.answered(c)).findFirst();
        if (silent.isPresent()) {
            return check.notAnswered(silent.get());
        }
        progress.accept(check.check().id() + " [" + check.scope() + "]");
        return guarded(check);
    }

    /** A check kept out because {@code cluster}'s API server did not answer: skipped, naming it. */
    static CheckResult notAnswered(Check check, MeshCluster cluster) {
        return CheckResult.skip(check, cluster.name(), "not checked: the API server of '" + cluster.name()
                + "' did not answer (see check 'api')");
    }

    /** Runs one check; an unexpected API error becomes that check's FAIL instead of stopping the doctor. */
    private static CheckResult guarded(DoctorCheck check) {
        try {
            return check.run();
        } catch (KubernetesClientException e) {
            return CheckResult.fail(check.check(), check.scope(), "the API answered " + e.getCode() + ": "
                    + Causes.describe(e), e.getCode() == 403 ? "the credentials lack read access this check needs;"
                    + " use an identity that may read namespaces, nodes, services, secrets and configmaps"
                    : "a read the check needs failed on the API server: run the doctor again; if it fails the same"
                    + " way, check the server's health (kubectl get --raw /readyz)");
        } catch (RuntimeException e) {
            return CheckResult.fail(check.check(), check.scope(), "could not be checked: " + Causes.describe(e),
                    "the message names what could not be read or understood; fix that object or the access to it,"
                            + " then run the doctor again");
        } catch (StackOverflowError e) {
            // What a cluster holds is input too: an object nested thousands of levels deep must not end the doctor.
            return CheckResult.fail(check.check(), check.scope(), "could not be checked: an object it read is nested"
                    + " too deeply to be read", "look at the objects this check reads (see the README's table of"
                    + " checks) for one that is not what it should be");
        }
    }
}
