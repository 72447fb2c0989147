package io.meshconformance.istio;

/**
 * A remote attached to the primary by the run: the remote secret istiod reads it through. Holds no credential.
 *
 * @param primary    the cluster holding the secret
 * @param remote     the cluster the secret reaches
 * @param secretName the Secret in the primary's {@code istio-system}
 * @param server     the remote API server the secret's kubeconfig names, as shown to people (user-info and query
 *                   redacted)
 */
public record Attachment(String primary, String remote, String secretName, String server) {
}
