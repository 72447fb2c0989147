package io.meshconformance.rehearsal;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.meshconformance.bookinfo.PageAccess;
import io.meshconformance.cluster.ClusterProvider;
import io.meshconformance.cluster.ClusterProviders;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.config.Mode;
import io.meshconformance.config.SettingSource;
import io.meshconformance.istio.ChartInstaller;
import io.meshconformance.istio.IstiodLocator;
import io.meshconformance.istio.ProxyAdmin;
import io.meshconformance.junit.MeshEnvironment;
import io.meshconformance.lifecycle.RunId;

/**
 * The environment of a rehearsed run, named by the JUnit parameter mesh.environment: the world's stand-ins for k3s,
 * Helm, istiod, the sidecars' Envoy admin and the page, and its settings. In existing mode the clusters come from the harness's real provider,
 * reading the kubeconfig files the world wrote for its mock API servers, as it would read a user's.
 */
public final class RehearsalEnvironment implements MeshEnvironment {

    private final Rehearsal world;

    public RehearsalEnvironment(Function<String, Optional<String>> parameters) {
        String id = parameters.apply(Rehearsal.PARAMETER).orElseThrow(() -> new IllegalArgumentException(
                "a rehearsed run needs the JUnit parameter " + Rehearsal.PARAMETER + " (the id of its world)"));
        this.world = Rehearsal.find(id).orElseThrow(() -> new IllegalArgumentException(Rehearsal.PARAMETER + " = '"
                + id + "': no open rehearsal world has that id"));
    }

    @Override
    public SettingSource settings() {
        return SettingSource.of(Map.copyOf(world.settings), Map.of());
    }

    @Override
    public ClusterProvider clusters(MeshSettings settings, RunId run) {
        return settings.mode() == Mode.K3S ? world.k3s.with(settings, run) : ClusterProviders.of(settings, run);
    }

    @Override
    public ChartInstaller charts(MeshSettings settings) {
        return world.helm;
    }

    @Override
    public IstiodLocator istiod() {
        return world.istiod;
    }

    @Override
    public PageAccess pages() {
        return new PageStandIn(world.istiod, world.proxies, world.networks());
    }

    @Override
    public ProxyAdmin proxies() {
        return world.proxies;
    }

    @Override
    public boolean needsDocker(MeshSettings settings) {
        return false;
    }

    @Override
    public Path allureResults() {
        return world.runDir().resolve("allure-results");
    }
}
