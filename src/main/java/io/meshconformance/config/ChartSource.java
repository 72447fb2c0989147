package io.meshconformance.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.meshconformance.text.Redaction;
import io.meshconformance.topology.MalformedUrl;

/**
 * Where the Istio Helm charts ({@code base}, {@code istiod}, {@code gateway}) come from: a Helm repository URL,
 * or a local directory of chart archives ({@code base-1.30.3.tgz} ...) for air-gapped runs.
 */
public record ChartSource(Optional<URI> repository, Optional<Path> directory) {

    /** The Istio charts the harness installs (istio.io primary-remote with Helm). */
    public static final List<String> CHARTS = List.of("base", "istiod", "gateway");

    public static ChartSource parse(String text) {
        if (text.contains("://")) {
            URI uri;
            try {
                uri = URI.create(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("is not a URL (" + MalformedUrl.reason(e) + "); give a Helm"
                        + " repository URL such as " + MeshSettings.DEFAULT_ISTIO_CHARTS + " or a local directory of"
                        + " chart archives");
            }
            String scheme = uri.getScheme();
            if (!"https".equals(scheme) && !"http".equals(scheme) && !"oci".equals(scheme)) {
                throw new IllegalArgumentException("must be an https://, http:// or oci:// Helm repository URL, or a"
                        + " local directory of chart archives");
            }
            SettingParsers.hostAndPort(uri, MeshSettings.DEFAULT_ISTIO_CHARTS);
            return new ChartSource(Optional.of(uri), Optional.empty());
        }
        Path path = SettingParsers.path(text);
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException("is neither a URL nor an existing directory (working directory "
                    + Path.of("").toAbsolutePath() + "); give a Helm repository URL such as "
                    + MeshSettings.DEFAULT_ISTIO_CHARTS + " or a directory holding base-<version>.tgz,"
                    + " istiod-<version>.tgz and gateway-<version>.tgz");
        }
        return new ChartSource(Optional.empty(), Optional.of(path));
    }

    /** {@code <chart>-<version>.tgz}, as {@code helm pull} names a chart archive. */
    public static String archiveName(String chart, IstioVersion version) {
        return chart + "-" + version + ".tgz";
    }

    /** The archive of {@code chart} in the local directory; empty for a repository. */
    public Optional<Path> archive(String chart, IstioVersion version) {
        return directory.map(dir -> dir.resolve(archiveName(chart, version)));
    }

    /** The chart archives a local directory lacks for {@code version}; empty for a repository. */
    public List<String> missingArchives(IstioVersion version) {
        return CHARTS.stream().filter(chart -> archive(chart, version).map(a -> !Files.isRegularFile(a)).orElse(false))
                .map(chart -> archiveName(chart, version)).toList();
    }

    @Override
    public String toString() {
        return repository.map(Redaction::uri)
                .orElseGet(() -> directory.map(Path::toString).orElse(""));
    }
}
