package io.meshconformance.doctor;

import java.util.List;

import io.meshconformance.cluster.MeshCluster;

/**
 * One look of the doctor at one scope. {@link PreflightDoctor} puts the checks in order, skips one whose clusters
 * did not answer, and turns an unexpected error of {@link #run()} into that check's FAIL; a check only reads and
 * says what it saw.
 */
interface DoctorCheck {

    Check check();

    /** What the result is about: a cluster's name, or "mesh". */
    String scope();

    /** The clusters whose API server must have answered (check 'api') before this check can look. */
    default List<MeshCluster> needs() {
        return List.of();
    }

    /** The result when {@code silent}, the first of {@link #needs()} that did not answer, keeps this check out. */
    default CheckResult notAnswered(MeshCluster silent) {
        return PreflightDoctor.notAnswered(check(), silent);
    }

    /** Looks, and says what it saw; an API error it does not expect is left to the runner. */
    CheckResult run();

    default CheckResult pass(String evidence) {
        return CheckResult.pass(check(), scope(), evidence);
    }

    default CheckResult warn(String evidence, String fix) {
        return CheckResult.warn(check(), scope(), evidence, fix);
    }

    default CheckResult fail(String evidence, String fix) {
        return CheckResult.fail(check(), scope(), evidence, fix);
    }

    default CheckResult skip(String why) {
        return CheckResult.skip(check(), scope(), why);
    }
}
