package io.meshconformance.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.meshconformance.topology.ApiServerUrl;
import io.meshconformance.topology.Cidr;
import io.meshconformance.topology.InputFile;
import io.meshconformance.topology.MalformedUrl;
import io.meshconformance.topology.YamlReader;

/**
 * Turns the text of one setting into its typed value. Each parser throws {@link IllegalArgumentException} whose
 * message is the rest of a sentence that begins with the key, the value and its origin ("must be ...", "is not
 * ..."), naming the form expected; {@link SettingsReader} writes that beginning.
 */
final class SettingParsers {

    /**
     * {@code [registry[:port]/]repository[:tag][@sha256:digest]}: a simpler form of the grammar in
     * github.com/distribution/reference (reference.go) that lets '+' into the tag, so that it can be refused with
     * a hint. Group 1 is the tag, group 2 the digest.
     */
    private static final Pattern IMAGE = Pattern.compile(
            "(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*"
                    + "(?::([\\w][\\w.+-]{0,127}))?(@sha256:[a-f0-9]{64})?");

    /** A registry host with an optional port and repository path, as image references begin. */
    private static final Pattern REGISTRY = Pattern.compile("[a-zA-Z0-9.-]+(?::[0-9]+)?(?:/[a-z0-9._-]+)*");

    /** An RFC 1123 label (kubernetes.io, "Object Names and IDs"): namespace names, Istio revisions. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private static final String MIRROR_EXAMPLE = "https://mirror.example.com:5000";
    /** A kubeconfig of one or two clusters is a few KiB; past 1 MiB it is some other file (or one to minify). */
    static final InputFile.Kind KUBECONFIG = new InputFile.Kind("the kubeconfig kubectl uses for that cluster (kubectl"
            + " config view --raw --minify > FILE)", 1 << 20, "a kubeconfig of one cluster is a few KiB");
    /** Values up to the whole file (certificates are long); kubeconfigs nest a handful of levels. */
    private static final YamlReader KUBECONFIG_YAML = new YamlReader(1 << 20, 1 << 20, 32, "a kubeconfig");

    private SettingParsers() {
    }

    static Mode mode(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "k3s" -> Mode.K3S;
            case "existing" -> Mode.EXISTING;
            default -> throw new IllegalArgumentException("must be 'k3s' (two throwaway clusters in Docker) or"
                    + " 'existing' (your clusters, through mesh.primary.kubeconfig and mesh.remote.kubeconfig)");
        };
    }

    /** A pinned k3s image: k3s tags write the '+' of its versions as '-' and keep no maintained 'latest'. */
    static String k3sImage(String text) {
        Matcher m = IMAGE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("is not an image reference; write it as [registry/]repository:tag,"
                    + " e.g. " + MeshSettings.DEFAULT_K3S_IMAGE);
        }
        String tag = m.group(1);
        if (tag == null && m.group(2) == null) {
            throw new IllegalArgumentException("has no tag; k3s publishes no maintained 'latest', so pin a release,"
                    + " e.g. " + MeshSettings.DEFAULT_K3S_IMAGE);
        }
        if (tag != null && tag.contains("+")) {
            throw new IllegalArgumentException("has a '+' in its tag; k3s image tags write '+' as '-', e.g. "
                    + text.replace('+', '-'));
        }
        if ("latest".equals(tag)) {
            throw new IllegalArgumentException("uses the tag 'latest', which k3s does not maintain; pin a release,"
                    + " e.g. " + MeshSettings.DEFAULT_K3S_IMAGE);
        }
        return text;
    }

    /** The subnet of the clusters' Docker network: canonical, and room for the nodes and the gateway. */
    static Cidr subnet(String text) {
        Cidr cidr = Cidr.parse(text);
        if (cidr.hasHostBits()) {
            throw new IllegalArgumentException("has host bits set; write " + cidr.canonical());
        }
        if (cidr.prefix() > 28) {
            throw new IllegalArgumentException("is too small for the clusters' Docker network; use a /28 or larger,"
                    + " e.g. 192.168.242.0/24");
        }
        return cidr;
    }

    static IstioVersion istioVersion(String text) {
        IstioVersion version = IstioVersion.parse(text);
        if (!version.isAtLeast(IstioVersion.MINIMUM)) {
            throw new IllegalArgumentException("is older than " + IstioVersion.MINIMUM + "; the istiod chart has the"
                    + " remote profile this harness installs only from 1.24 on: use e.g. "
                    + MeshSettings.DEFAULT_ISTIO_VERSION);
        }
        return version;
    }

    /** A registry and repository prefix such as {@code docker.io/istio}; one trailing '/' is dropped. */
    static String registry(String text) {
        String trimmed = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        if (!REGISTRY.matcher(trimmed).matches() || trimmed.contains("://")) {
            throw new IllegalArgumentException("is not a registry and repository prefix; write it without a scheme,"
                    + " e.g. docker.io/istio or registry.istio.io/release");
        }
        return trimmed;
    }

    static String tag(String text) {
        if (!text.matches("[\\w][\\w.-]{0,127}")) {
            throw new IllegalArgumentException("is not an image tag; e.g. " + MeshSettings.DEFAULT_BOOKINFO_TAG);
        }
        return text;
    }

    static URI mirror(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a URL (" + MalformedUrl.reason(e) + "); e.g. "
                    + MIRROR_EXAMPLE);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("must be an http:// or https:// URL of a registry mirror, e.g. "
                    + MIRROR_EXAMPLE);
        }
        hostAndPort(uri, MIRROR_EXAMPLE);
        return uri;
    }

    /**
     * Refuses a URL of a known scheme whose host {@link URI} could not read, saying what is malformed rather than
     * that the scheme is wrong; the user-info, where a password may be, is never repeated.
     */
    static void hostAndPort(URI uri, String example) {
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("is not a usable " + uri.getScheme() + ":// URL: "
                    + MalformedUrl.reason(uri) + "; e.g. " + example);
        }
        if (uri.getPort() > 65535 || uri.getPort() == 0) {
            throw new IllegalArgumentException("is not a usable " + uri.getScheme() + ":// URL: the port "
                    + uri.getPort() + " is not a number from 1 to 65535; e.g. " + example);
        }
    }

    /** The remote's API server as istiod's pods reach it: https, and never loopback, which there is the pod. */
    static URI apiServer(String text) {
        return ApiServerUrl.parse(text).uri();
    }

    /** {@code key=value[,key=value]}: the labels that select the ingress gateway's pods. */
    static LabelSelector labelSelector(String text) {
        try {
            return LabelSelector.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ", e.g. " + MeshSettings.DEFAULT_INGRESS_SELECTOR
                    + " (or istio=ingress for a gateway installed as Helm release istio-ingress)");
        }
    }

    /** A Kubernetes namespace name: an RFC 1123 label (kubernetes.io, "Object Names and IDs"). */
    static String namespace(String text) {
        return namespace(text, MeshSettings.DEFAULT_DOCTOR_NAMESPACE);
    }

    /** The namespace of the user's istiod: an RFC 1123 label, like every namespace name. */
    static String istioNamespace(String text) {
        return namespace(text, MeshSettings.DEFAULT_ISTIO_NAMESPACE);
    }

    /**
     * An Istio revision (or revision tag): a DNS-1123 label, as istio/istio 1.30.3
     * operator/pkg/apis/validation/validation.go demands of {@code revision}; it becomes a label value and part of the
     * names {@code istiod-<revision>}. A version written with dots ({@code 1.30.3}) is refused with the dashed form.
     */
    static String revision(String text) {
        if (!DNS_LABEL.matcher(text).matches()) {
            String dashed = text.toLowerCase(Locale.ROOT).replace('.', '-').replace('_', '-');
            throw new IllegalArgumentException("is not a revision name: a revision is a DNS-1123 label (lower case"
                    + " letters, digits and '-', at most 63 characters, as istioctl and the istiod chart's"
                    + " 'revision' value require)" + (DNS_LABEL.matcher(dashed).matches() ? "; write " + dashed
                    : "; e.g. 1-30-3 for Istio 1.30.3"));
        }
        return text;
    }

    private static String namespace(String text, String example) {
        if (!DNS_LABEL.matcher(text).matches()) {
            throw new IllegalArgumentException("is not a namespace name (lower case letters, digits and '-', at most"
                    + " 63 characters), e.g. " + example);
        }
        return text;
    }

    /**
     * A file this user can read now, of {@code kind}: a wrong path stops the run before any cluster starts, and a
     * FIFO, a directory or a huge file is refused without being opened.
     */
    static Path file(String text, InputFile.Kind kind) {
        Path path = path(text);
        InputFile.check(path, kind);
        return path;
    }

    /**
     * A kubeconfig file, read here as text so that what would confuse its reader later (UTF-16, NUL bytes, two
     * YAML documents, a key twice, a huge value) is said now, with the fix; its syntax and what it holds are the
     * cluster layer's to judge.
     */
    static Path kubeconfig(String text) {
        Path path = path(text);
        try {
            KUBECONFIG_YAML.read(InputFile.read(path, KUBECONFIG));
        } catch (YamlReader.SyntaxError notYaml) {
            // Left to the kubeconfig's reader, which names the file and the parser's reason without its content.
        }
        return path;
    }

    /**
     * The results directory, normalized: kept kubeconfigs go beside it ({@link KeptKubeconfigs}), and only a
     * normalized path has its real parent as its parent ({@code target/mesh-results/.} has not).
     */
    static Path results(String text) {
        Path normalized = path(text).normalize();
        Path path = normalized.toString().isEmpty() ? Path.of(".") : normalized;
        Path absolute = path.toAbsolutePath().normalize();
        if (absolute.getParent() == null) {
            throw new IllegalArgumentException("is the file system root; the harness writes its results there and"
                    + " kept kubeconfigs beside them: give a directory of its own, e.g. " + MeshSettings.DEFAULT_RESULTS);
        }
        if (absolute.getFileName().toString().equals(KeptKubeconfigs.DIRECTORY)) {
            throw new IllegalArgumentException("is named " + KeptKubeconfigs.DIRECTORY + ", like the directory beside"
                    + " the results where kept kubeconfigs go, which would then lie inside the results: give another"
                    + " name, e.g. " + MeshSettings.DEFAULT_RESULTS);
        }
        return path;
    }

    static Path path(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("is not a usable path (" + e.getReason() + ")");
        }
    }

    /** The directory of image tarballs every cluster imports at start; it must exist. */
    static Path preloadDirectory(String text) {
        Path path = path(text);
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException("is not an existing directory (working directory "
                    + Path.of("").toAbsolutePath() + "); give the directory holding the image tarballs (docker save)"
                    + " to import, or leave " + Keys.IMAGES_PRELOAD + " unset");
        }
        return path;
    }

    /** How many consecutive requests must show the book details: 1 to 999. */
    static int successes(String text) {
        if (!text.matches("\\d{1,3}") || Integer.parseInt(text) < 1) {
            throw new IllegalArgumentException("must be a whole number from 1 to 999: how many consecutive requests"
                    + " must show the book details");
        }
        return Integer.parseInt(text);
    }

    /** 'true' or 'false' in any case; anything else (yes, 1, on) is refused rather than read as false. */
    static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be 'true' or 'false'");
        };
    }
}
