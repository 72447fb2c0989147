package io.meshconformance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules between settings, each on its own, with the values another rule or a parser would give them. */
class SettingRulesTest {

    static final IstioVersion VERSION = IstioVersion.parse("1.30.3");
    static final Optional<Path> KUBECONFIG = Optional.of(Path.of("k.yaml"));

    @Test
    void aRepositoryIsNotLookedInto() {
        ChartSource repository = new ChartSource(Optional.of(URI.create("https://charts.example.com")),
                Optional.empty());
        assertEquals(List.of(), SettingRules.chartArchives(repository, VERSION));
    }

    @Test
    void aChartDirectoryIsCheckedForEveryArchiveOfTheVersion(@TempDir Path dir) throws Exception {
        ChartSource local = ChartSource.parse(dir.toString());
        assertEquals(List.of("mesh.istio.charts = '" + dir + "' lacks base-1.30.3.tgz, istiod-1.30.3.tgz,"
                + " gateway-1.30.3.tgz for mesh.istio.version=1.30.3; fetch them on a connected machine with"
                + " 'helm pull istio/<chart> --version 1.30.3' (repository"
                + " https://istio-release.storage.googleapis.com/charts)"), SettingRules.chartArchives(local, VERSION));
        for (String chart : ChartSource.CHARTS) {
            Files.writeString(dir.resolve(chart + "-1.30.3.tgz"), "x");
        }
        assertEquals(List.of(), SettingRules.chartArchives(local, VERSION));
        assertTrue(SettingRules.chartArchives(local, IstioVersion.parse("1.29.0")).get(0).contains(
                "lacks base-1.29.0.tgz, istiod-1.29.0.tgz, gateway-1.29.0.tgz for mesh.istio.version=1.29.0"));
    }

    @Test
    void aChartRuleWithABadVersionOrSourceSaysNothingMore(@TempDir Path dir) {
        assertEquals(List.of(), SettingRules.chartArchives(ChartSource.parse(dir.toString()), null));
        assertEquals(List.of(), SettingRules.chartArchives(null, VERSION));
    }

    @Test
    void existingModeNeedsEachKubeconfig() {
        List<String> neither = SettingRules.existingMode(Mode.EXISTING, Optional.empty(), Optional.empty(), false,
                false);
        assertEquals(List.of("mesh.primary.kubeconfig is required when mesh.mode=existing: give the path of the"
                + " primary cluster's kubeconfig (and mesh.primary.context if it is not the current context)",
                "mesh.remote.kubeconfig is required when mesh.mode=existing: give the path of the remote cluster's"
                + " kubeconfig (and mesh.remote.context if it is not the current context)"), neither);
        List<String> noRemote = SettingRules.existingMode(Mode.EXISTING, KUBECONFIG, Optional.empty(), false, false);
        assertEquals(1, noRemote.size(), noRemote.toString());
        assertTrue(noRemote.get(0).startsWith("mesh.remote.kubeconfig is required"), noRemote.toString());
        assertEquals(List.of(), SettingRules.existingMode(Mode.EXISTING, KUBECONFIG, KUBECONFIG, false, false));
    }

    @Test
    void k3sModeNeedsNoKubeconfig() {
        assertEquals(List.of(), SettingRules.existingMode(Mode.K3S, Optional.empty(), Optional.empty(), true, false));
        assertEquals(List.of(), SettingRules.existingMode(null, Optional.empty(), Optional.empty(), true, false));
    }

    @Test
    void aBadKubeconfigPathIsNotAlsoReportedMissing() {
        assertEquals(List.of(), SettingRules.existingMode(Mode.EXISTING, null, Optional.empty(), false, false));
        assertEquals(List.of(), SettingRules.existingMode(Mode.EXISTING, Optional.empty(), null, false, false));
    }

    @Test
    void installingNeedsAttachingButAttachingAloneIsFine() {
        assertEquals(List.of("mesh.existing.install=true needs mesh.existing.attach=true: a remote whose Istio this"
                + " run installs has no attachment yet to verify; set both, or neither to verify the mesh as found"),
                SettingRules.existingMode(Mode.EXISTING, KUBECONFIG, KUBECONFIG, true, false));
        assertEquals(List.of(), SettingRules.existingMode(Mode.EXISTING, KUBECONFIG, KUBECONFIG, true, true));
        assertEquals(List.of(), SettingRules.existingMode(Mode.EXISTING, KUBECONFIG, KUBECONFIG, false, true));
    }

    @Test
    void k3sModeWarnsOfEveryExistingModeSettingGivenInTheReadmesOrder() {
        List<String> warnings = SettingRules.ignored(Mode.K3S, true, key -> true);
        assertEquals(8, warnings.size(), warnings.toString());
        assertEquals("mesh.primary.kubeconfig is ignored when mesh.mode=k3s (the harness starts its own clusters);"
                + " set mesh.mode=existing to test the clusters it points at", warnings.get(0));
        assertTrue(warnings.get(7).startsWith("mesh.ingress.selector is ignored when mesh.mode=k3s"), warnings.get(7));
        assertEquals(List.of(), SettingRules.ignored(Mode.K3S, true, key -> false));
        Set<String> given = Set.of(Keys.REMOTE_SERVER, Keys.K3S_IMAGE, Keys.TOPOLOGY);
        assertEquals(List.of("mesh.remote.server is ignored when mesh.mode=k3s (the harness starts its own clusters);"
                + " set mesh.mode=existing to test the clusters it points at"),
                SettingRules.ignored(Mode.K3S, true, given::contains));
    }

    @Test
    void theSelectorIsIgnoredWhereTheRunInstallsTheGateway() {
        assertEquals(List.of("mesh.ingress.selector is ignored when mesh.existing.install=true: the page goes through"
                + " the ingress gateway the run installs (istio=ingressgateway)"),
                SettingRules.ignored(Mode.EXISTING, true, Keys.INGRESS_SELECTOR::equals));
        assertEquals(List.of(), SettingRules.ignored(Mode.EXISTING, false, Keys.INGRESS_SELECTOR::equals));
        assertEquals(List.of(), SettingRules.ignored(Mode.EXISTING, true, Keys.REMOTE_SERVER::equals),
                "existing mode reads every other existing-mode setting");
        assertEquals(List.of(), SettingRules.ignored(null, true, key -> true));
    }
}
