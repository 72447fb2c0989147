package io.meshconformance.cluster;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

import io.meshconformance.config.MeshSettings;

/**
 * What {@link ExistingClusterProvider} needs to know, and nothing else of the settings.
 *
 * @param topologyFile  the topology's file, named when it does not fit two existing clusters
 * @param primary       the primary's kubeconfig and context ({@code mesh.primary.kubeconfig}, {@code .context})
 * @param remote        the remote's kubeconfig and context ({@code mesh.remote.kubeconfig}, {@code .context})
 * @param remoteServer  the remote API server as the primary's pods reach it ({@code mesh.remote.server})
 * @param installsIstio whether the run installs Istio ({@code mesh.existing.install})
 * @param attachesRemote whether the run creates the remote secret ({@code mesh.existing.attach}); a loopback
 *                      server in the remote's kubeconfig then needs {@code remoteServer}
 */
public record ExistingOptions(Path topologyFile, Access primary, Access remote, Optional<URI> remoteServer,
                              boolean installsIstio, boolean attachesRemote) {

    /** A kubeconfig file and the context to use in it (empty: its current context); the file may be missing. */
    public record Access(Optional<Path> kubeconfig, Optional<String> context) {

        /** "primary.kubeconfig context ctx" or "... (current context)": the path and context, never the content. */
        public String describe() {
            return kubeconfig.map(Object::toString).orElse("?")
                    + context.map(c -> " context " + c).orElse(" (current context)");
        }
    }

    public static ExistingOptions from(MeshSettings settings) {
        return new ExistingOptions(settings.topology(),
                new Access(settings.primaryKubeconfig(), settings.primaryContext()),
                new Access(settings.remoteKubeconfig(), settings.remoteContext()),
                settings.remoteServer(), settings.installsIstio(), settings.attachesRemote());
    }
}
