package io.meshconformance.istio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.config.ChartSource;
import io.meshconformance.config.IstioVersion;
import io.meshconformance.lifecycle.CleanupStack;
import io.meshconformance.text.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs Istio's Helm charts in-process with helm-java (Helm as a native library; no helm binary), from the
 * Istio Helm repository, an OCI registry or a local directory of chart archives ({@code mesh.istio.charts}).
 * Every install registers its uninstall before it starts, so a half-done install is undone too.
 */
public final class HelmInstaller implements ChartInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(HelmInstaller.class);
    static final String REPO_NAME = "istio";

    private final ChartSource source;
    private final IstioVersion version;
    private final Path workDir;
    private Path repositoryDir;
    private Path repositoryConfig;

    /**
     * @param workDir where the values of every release installed are kept with the run's results
     */
    public HelmInstaller(ChartSource source, IstioVersion version, Path workDir) {
        this.source = source;
        this.version = version;
        this.workDir = workDir;
    }

    @Override
    public Installed install(HelmRelease release, MeshCluster cluster, Duration timeout, CleanupStack cleanup) {
        String kubeconfig = cluster.kubeconfig();
        cleanup.push("helm uninstall " + release.name() + " in " + release.cluster() + "/" + release.namespace(),
                () -> Helm.uninstall(release.name()).withNamespace(release.namespace())
                        .withKubeConfigContents(kubeconfig).ignoreNotFound().call());
        InstallCommand command = command(release.chart())
                .withName(release.name())
                .withNamespace(release.namespace())
                .createNamespace()
                .withKubeConfigContents(kubeconfig)
                .waitReady()
                .withTimeout((int) Math.max(1, timeout.toSeconds()));
        release.values().forEach(command::set);
        LOG.info("Cluster '{}': installing {} (chart {} {}) in {}", release.cluster(), release.name(),
                release.chart(), version, release.namespace());
        long begin = System.nanoTime();
        Release result;
        try {
            result = command.call();
        } catch (RuntimeException e) {
            throw failure(release, version.toString(), e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        LOG.info("Cluster '{}': {} {} in {} s", release.cluster(), release.name(), result.getStatus(),
                String.format("%.1f", took.toMillis() / 1000.0));
        Installed done = new Installed(release, version.toString(), result.getStatus(), took);
        keepValues(done);
        return done;
    }

    /** Writes {@code <cluster>-<release>.values.yaml} into the work directory: what was installed, kept with the run. */
    private void keepValues(Installed done) {
        try {
            Files.createDirectories(workDir);
            Files.writeString(workDir.resolve(done.release().cluster() + "-" + done.release().name() + ".values.yaml"),
                    done.valuesDocument());
        } catch (IOException e) {
            LOG.warn("Could not keep the values of {}: {}", done.release(), e.toString());
        }
    }

    /** Deletes Helm's repository file of this run (and Helm's lock beside it), which may hold credentials. */
    @Override
    public synchronized void close() {
        if (repositoryDir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(repositoryDir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete {} (Helm's repository file of this run): {}", repositoryDir, e.toString());
        }
        repositoryConfig = null;
        repositoryDir = null;
    }

    private InstallCommand command(String chart) {
        if (source.directory().isPresent()) {
            Path archive = source.archive(chart, version).orElseThrow();
            if (!Files.isRegularFile(archive)) {
                throw new IstioInstallException("Chart archive " + archive + " is missing; put base, istiod and"
                        + " gateway archives of Istio " + version + " in " + source.directory().get()
                        + " ('helm pull istio/" + chart + " --version " + version + "' on a connected machine)");
            }
            return new Helm(archive).install();
        }
        URI repository = source.repository().orElseThrow();
        if ("oci".equals(repository.getScheme())) {
            return Helm.install(repository.toString().replaceAll("/+$", "") + "/" + chart)
                    .withVersion(version.toString());
        }
        return Helm.install(REPO_NAME + "/" + chart)
                .withRepositoryConfig(repositoryConfig(repository))
                .withVersion(version.toString());
    }

    /**
     * Helm's repository file for this run. Helm keeps a repository's username and password in that file (helm repo
     * add --username/--password, helm.sh/docs/helm/helm_repo_add), so it lives in a private temporary directory of
     * its own, never beside the results that CI publishes, and is deleted when the installer closes (or, failing
     * that, when the JVM exits).
     */
    synchronized Path repositoryConfig(URI repository) {
        if (repositoryConfig != null) {
            return repositoryConfig;
        }
        try {
            repositoryDir = Files.createTempDirectory("mesh-helm-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            repositoryDir.toFile().deleteOnExit();
            Path config = repositoryDir.resolve("repositories.yaml");
            config.toFile().deleteOnExit();
            repositoryDir.resolve("repositories.lock").toFile().deleteOnExit(); // Helm's lock beside the file
            var add = Helm.repo().add().withRepositoryConfig(config).withName(REPO_NAME)
                    .withUrl(withoutUserInfo(repository));
            // Credentials in the URL go to Helm as such, so that no message holds them.
            if (repository.getRawUserInfo() != null) {
                String[] parts = repository.getRawUserInfo().split(":", 2);
                add.withUsername(URLDecoder.decode(parts[0], StandardCharsets.UTF_8));
                if (parts.length > 1) {
                    add.withPassword(URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
                }
            }
            add.call();
            repositoryConfig = config;
            return config;
        } catch (IOException e) {
            throw new IstioInstallException("Cannot prepare Helm's repository configuration in a temporary directory: "
                    + e, e);
        } catch (RuntimeException e) {
            throw new IstioInstallException("The Istio Helm repository " + Redaction.uri(repository)
                    + " cannot be used: " + helmMessage(e) + ". If this machine cannot reach it,"
                    + " download the base, istiod and gateway chart archives of Istio " + version + " elsewhere"
                    + " ('helm pull istio/istiod --version " + version + "') and set mesh.istio.charts to their"
                    + " directory", e);
        }
    }

    /**
     * What a failed {@code helm install} throws: the cluster, the release, the chart and version, Helm's own words
     * ({@code e}'s message) and, where one applies, what to do; for any installer of the same charts.
     */
    public static IstioInstallException failure(HelmRelease release, String version, RuntimeException e) {
        return new IstioInstallException("Cluster '" + release.cluster() + "': helm install " + release.name()
                + " (chart " + release.chart() + " " + version + ") failed: " + helmMessage(e) + hint(e), e);
    }

    /** Helm's own message, without helm-java's wrapping and without credentials. */
    static String helmMessage(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        return Redaction.text(
                message.replaceFirst("^(java\\.lang\\.)?IllegalStateException: ", ""));
    }

    static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(),
                    uri.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("mesh.istio.charts is not a usable URL", e);
        }
    }

    private static String hint(Throwable e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("context deadline exceeded") || m.contains("timed out waiting")) {
            return ". Helm timed out waiting for the release to become ready (mesh.timeout.istio): the pods may be"
                    + " unable to pull their images (see the README on mirrors and preloaded images)";
        }
        if (m.contains("cannot re-use a name")) {
            return ". A release of that name exists already, and this harness does not overwrite what it did not"
                    + " create: remove it (helm uninstall <release> -n <namespace>), or in existing clusters verify the"
                    + " Istio they have (mesh.existing.install=false)";
        }
        return "";
    }
}
