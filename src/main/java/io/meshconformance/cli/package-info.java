/**
 * Entry points for people and scripts: {@code bin/validate-topology} ({@code ValidateTopology}),
 * {@code bin/mesh-doctor} ({@code DoctorMain}), {@code bin/mesh-matrix} ({@code MeshMatrix}, with
 * {@code CellResult} reading a cell's results back and {@code CompatibilityReport} writing the compatibility report)
 * and {@code bin/mesh-down} ({@code MeshDown}, the meshes kept by mesh.reuse), each with its exit codes. The top layer: nothing uses it.
 */
package io.meshconformance.cli;
