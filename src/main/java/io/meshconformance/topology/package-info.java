/**
 * The planned mesh as data: clusters with their roles, networks and address ranges ({@code MeshTopology},
 * {@code ClusterSpec}, {@code Cidr}), the rule for an API server URL another cluster's pods use
 * ({@code ApiServerUrl}), and the topology file's loader and validator. Pure; uses {@code text} and
 * {@code lifecycle} at most.
 */
package io.meshconformance.topology;
