/**
 * Entry points for people and scripts: {@code bin/validate-topology} ({@code ValidateTopology}) and
 * {@code bin/mesh-doctor} ({@code DoctorMain}), each with its exit codes. The top layer: nothing uses it.
 */
package io.meshconformance.cli;
