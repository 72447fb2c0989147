package io.meshconformance.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A k3s image whose tag names its k3s release, such as {@code rancher/k3s:v1.35.4-k3s1}: k3s v1.35.4+k3s1, which is
 * Kubernetes 1.35.4 (k3s releases are named after the Kubernetes release they ship; the Docker tags write the '+'
 * as '-'). The Kubernetes minor is what a matrix cell's expected support is judged by. A mirror's copy keeps the tag
 * ({@code mirror.example.com/rancher/k3s:v1.35.4-k3s1}); a digest may follow it.
 */
public record K3sImage(String reference, int kubernetesMajor, int kubernetesMinor, int kubernetesPatch,
                       int k3sRevision) {

    private static final Pattern FORM = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9._/:-]*:v(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})-k3s(\\d{1,3})(?:@sha256:[0-9a-f]{64})?");

    /**
     * @throws IllegalArgumentException the rest of a sentence that begins with the image, ending with the fix
     */
    public static K3sImage parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            String hint = text.contains("+") ? " (a '+' in the k3s version is written '-' in the image tag)" : "";
            throw new IllegalArgumentException("has no k3s release tag" + hint + "; write it as"
                    + " [registry/]rancher/k3s:vMAJOR.MINOR.PATCH-k3sN, e.g. " + MeshSettings.DEFAULT_K3S_IMAGE
                    + " (the tag names the Kubernetes version the cell's support is judged by)");
        }
        return new K3sImage(text, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
    }

    /** "1.35": the Kubernetes minor. */
    public String kubernetesMinorText() {
        return kubernetesMajor + "." + kubernetesMinor;
    }

    /** "1.35.4": the Kubernetes release. */
    public String kubernetesVersion() {
        return kubernetesMinorText() + "." + kubernetesPatch;
    }

    @Override
    public String toString() {
        return reference;
    }
}
