package io.meshconformance.doctor;

/**
 * The outcome of one named check of the doctor.
 *
 * @param check    which check (its id, such as "remote-secret", is stable for scripts)
 * @param scope    what it looked at: a cluster's name, or "mesh" for checks across both
 * @param status   PASS, WARN, FAIL, or SKIP (not checked, with the reason as evidence)
 * @param evidence what was seen, in words; never a token, key or certificate
 * @param fix      what to do about a FAIL or WARN; empty otherwise
 */
public record CheckResult(Check check, String scope, Status status, String evidence, String fix) {

    /** How a check came out. */
    public enum Status {
        PASS, WARN, FAIL, SKIP
    }

    public static CheckResult pass(Check check, String scope, String evidence) {
        return new CheckResult(check, scope, Status.PASS, evidence, "");
    }

    public static CheckResult warn(Check check, String scope, String evidence, String fix) {
        return new CheckResult(check, scope, Status.WARN, evidence, fix);
    }

    public static CheckResult fail(Check check, String scope, String evidence, String fix) {
        return new CheckResult(check, scope, Status.FAIL, evidence, fix);
    }

    public static CheckResult skip(Check check, String scope, String why) {
        return new CheckResult(check, scope, Status.SKIP, why, "");
    }

    public boolean failed() {
        return status == Status.FAIL;
    }
}
