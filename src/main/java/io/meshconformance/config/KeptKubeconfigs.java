package io.meshconformance.config;

import java.nio.file.Path;

import io.meshconformance.lifecycle.RunId;

/**
 * Where the kubeconfigs of clusters kept after a failure (mesh.keepOnFailure) go: {@code mesh-kubeconfigs/<run>}
 * beside the results directory, never inside it, since CI publishes the results and these files hold admin
 * credentials. Pure: computes the path, creates nothing.
 */
public final class KeptKubeconfigs {

    /** The directory's name, beside the results. */
    public static final String DIRECTORY = "mesh-kubeconfigs";

    private KeptKubeconfigs() {
    }

    /**
     * The directory for run {@code run}'s kubeconfigs. {@code results} is made absolute and normalized first: the
     * sibling of {@code target/mesh-results/.} or {@code target/mesh-results/sub/..}, taken as written, would lie
     * inside {@code target/mesh-results}.
     *
     * @throws IllegalArgumentException when {@code results} has no parent or is itself named {@value #DIRECTORY},
     *     which {@link SettingParsers#results} refuses
     */
    public static Path directory(Path results, RunId run) {
        Path absolute = results.toAbsolutePath().normalize();
        if (absolute.getParent() == null || absolute.getFileName().toString().equals(DIRECTORY)) {
            throw new IllegalArgumentException("the results directory " + absolute + " leaves no place beside it"
                    + " for " + DIRECTORY + "; set " + Keys.RESULTS + " to a directory of its own, e.g. "
                    + MeshSettings.DEFAULT_RESULTS);
        }
        return absolute.resolveSibling(DIRECTORY).resolve(run.value());
    }
}
