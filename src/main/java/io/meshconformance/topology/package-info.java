/**
 * The planned mesh as data: clusters with their roles, networks and address ranges ({@code MeshTopology},
 * {@code ClusterSpec}, {@code Cidr}), the rule for an API server URL another cluster's pods use
 * ({@code ApiServerUrl}, with {@code MalformedUrl} saying what is wrong with one), and the topology file's loader
 * and validator, with the bounded readers of files a person names ({@code InputFile}, {@code YamlReader}), which
 * the settings use for kubeconfigs too. Pure but for reading those files; uses {@code text} and {@code lifecycle}
 * at most.
 */
package io.meshconformance.topology;
