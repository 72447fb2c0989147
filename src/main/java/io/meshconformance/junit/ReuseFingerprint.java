package io.meshconformance.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.meshconformance.cluster.MeshFingerprint;
import io.meshconformance.config.ChartSource;
import io.meshconformance.config.IstioVersion;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.diagnostics.ReportEnvironment;
import io.meshconformance.istio.HelmRelease;
import io.meshconformance.istio.IstioPlan;
import io.meshconformance.text.Redaction;
import io.meshconformance.topology.ClusterSpec;
import io.meshconformance.topology.MeshTopology;

/**
 * The fingerprint of the mesh a k3s run builds (mesh.reuse): every input that shapes the clusters, Istio and the
 * attachment, and nothing that only a run's own Bookinfo uses. A kept mesh is reused only by a run whose fingerprint
 * is equal in every part.
 */
final class ReuseFingerprint {

    /**
     * Stands for the primary's east-west address in the remote's values, which is an outcome of the install, not an
     * input: an address reserved for documentation (RFC 5737), as the plan takes IP addresses only.
     */
    static final String PRIMARY_ADDRESS = "192.0.2.1";

    private ReuseFingerprint() {
    }

    static MeshFingerprint of(MeshSettings settings, MeshTopology topology) {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("topology", topology.clusters().stream().map(ReuseFingerprint::cluster)
                .collect(Collectors.joining("; ")));
        parts.put("k3s.image", settings.k3sImage());
        parts.put("network.subnet", settings.networkSubnet().map(Object::toString).orElse("chosen per run"));
        // Both are written into the nodes when they start, and serve every later pull (Bookinfo's too).
        parts.put("images.mirror", settings.imagesMirror().map(Redaction::uri).orElse("none"));
        parts.put("images.preload", settings.imagesPreload().map(ReuseFingerprint::preload).orElse("none"));
        if (settings.imagesPreload().isPresent()) {
            // k3s imports the tarballs only when a node starts: a kept node has the Bookinfo images of its cold run.
            parts.put("bookinfo.images", settings.bookinfoRegistry() + ":" + settings.bookinfoTag());
        }
        parts.put("istio.version", settings.istioVersion().toString());
        parts.put("istio.charts", charts(settings.istioCharts(), settings.istioVersion()));
        parts.put("helm.values", values(topology));
        parts.put(MeshFingerprint.HARNESS, ReportEnvironment.harnessVersion());
        return new MeshFingerprint(parts);
    }

    private static String cluster(ClusterSpec c) {
        return c.name() + " " + c.role().yamlName() + " network=" + c.network() + " pods=" + c.podCidr()
                + " services=" + c.serviceCidr() + " dns=" + c.clusterDnsText();
    }

    /** Every release the run installs, with its values, in install order. */
    private static String values(MeshTopology topology) {
        ClusterSpec primary = topology.primary();
        List<HelmRelease> releases = new ArrayList<>(IstioPlan.primary(primary));
        for (ClusterSpec remote : topology.remotes()) {
            releases.addAll(IstioPlan.remote(remote, PRIMARY_ADDRESS));
            if (IstioPlan.ownsNetworkGateway(remote, primary)) {
                releases.add(IstioPlan.networkGateway(remote));
            }
        }
        return releases.stream().map(r -> r + " " + r.values()).collect(Collectors.joining("\n"));
    }

    /**
     * A preload directory by its path and what is in it (each file's name, size and modification time): k3s imports
     * the tarballs when a node starts, so a kept mesh has only the images its cold run found there.
     */
    private static String preload(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            String listing = files.filter(Files::isRegularFile).sorted().map(f -> {
                try {
                    return f.getFileName() + " " + Files.size(f) + " " + Files.getLastModifiedTime(f).toMillis();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).collect(Collectors.joining("\n"));
            return dir + " " + MeshFingerprint.hash(Map.of("listing", listing));
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("mesh.images.preload = '" + dir + "' cannot be listed: " + e.getMessage(),
                    e);
        }
    }

    /**
     * A repository by its address; a local directory by its address and the digest of the version's archives, so that
     * charts changed in place give another fingerprint.
     */
    private static String charts(ChartSource charts, IstioVersion version) {
        if (charts.directory().isEmpty()) {
            return charts.toString();
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String chart : ChartSource.CHARTS) {
                Path archive = charts.archive(chart, version).orElse(null);
                if (archive != null && Files.isRegularFile(archive)) {
                    digest.update(Files.readAllBytes(archive));
                }
            }
            return charts + " sha256:" + HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("the chart archives in " + charts + " cannot be read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
