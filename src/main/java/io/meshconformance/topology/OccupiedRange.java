package io.meshconformance.topology;

/**
 * An address range some cluster CIDR must not overlap, with where it comes from: for example the subnet of the
 * Docker network the clusters share, or the host's own networks.
 */
public record OccupiedRange(String owner, Cidr range) {
}
