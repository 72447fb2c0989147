/**
 * The clusters: a {@code ClusterProvider} makes them (k3s in Docker, or the user's through their kubeconfigs) as
 * {@code MeshClusters} that carry their own teardown; below that, Docker node groups, subnets, flat routes, images,
 * read-back, kubeconfigs ({@code Kubeconfig}), namespaces the run claims, and each namespace's evidence on failure
 * ({@code NamespaceEvidence}). Knows nothing of Istio.
 */
package io.meshconformance.cluster;
