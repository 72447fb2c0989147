package io.meshconformance.istio;

import java.time.Duration;

import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.lifecycle.CleanupStack;

/**
 * Installs one Istio chart release into a cluster and registers its undo before it starts, so a half-done install
 * is undone too. {@link HelmInstaller} is the real one (Helm in-process); the rehearsal tier plays Helm's part with
 * the objects the real charts render.
 */
public interface ChartInstaller extends AutoCloseable {

    /** A release as installed: what was asked and what the installer reported. */
    record Installed(HelmRelease release, String version, String status, Duration took) {

        /** The release's values as YAML, headed by the equivalent {@code helm install} command. */
        public String valuesDocument() {
            return "# " + release.commandLine(version) + "\n" + release.valuesText();
        }
    }

    /** Installs {@code release} into {@code cluster}, waiting up to {@code timeout} for it to be ready. */
    Installed install(HelmRelease release, MeshCluster cluster, Duration timeout, CleanupStack cleanup);

    /** Releases what the installer holds for the run (Helm's repository file); nothing by default. */
    @Override
    default void close() {
    }
}
