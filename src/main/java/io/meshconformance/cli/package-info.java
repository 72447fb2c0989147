/**
 * Entry points for people and scripts: {@code bin/validate-topology} ({@code ValidateTopology}),
 * {@code bin/mesh-doctor} ({@code DoctorMain}) and {@code bin/mesh-matrix} ({@code MeshMatrix}, with
 * {@code CellResult} reading a cell's results back and {@code CompatibilityReport} writing the compatibility report),
 * each with its exit codes. The top layer: nothing uses it.
 */
package io.meshconformance.cli;
