package io.meshconformance.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.meshconformance.text.Redaction;

/** Every check's result, in the order the doctor ran them, and how to show them to a person. */
public record DoctorReport(List<CheckResult> results) {

    public DoctorReport {
        results = List.copyOf(results);
    }

    public boolean failed() {
        return results.stream().anyMatch(CheckResult::failed);
    }

    public List<CheckResult> failures() {
        return results.stream().filter(CheckResult::failed).toList();
    }

    /** The result of the check named {@code id} ("remote-secret") for {@code scope}. */
    public Optional<CheckResult> find(String id, String scope) {
        return results.stream().filter(r -> r.check().id().equals(id) && r.scope().equals(scope)).findFirst();
    }

    public Optional<CheckResult> find(Check check, String scope) {
        return find(check.id(), scope);
    }

    /** A fixed-width table: status, check, scope, evidence, then the fix on its own line under a FAIL or WARN. */
    public String table() {
        int checkWidth = Math.max(5, results.stream().mapToInt(r -> r.check().id().length()).max().orElse(5));
        int scopeWidth = Math.max(5, results.stream().mapToInt(r -> r.scope().length()).max().orElse(5));
        String row = "%-4s  %-" + checkWidth + "s  %-" + scopeWidth + "s  %s%n";
        StringBuilder out = new StringBuilder(String.format(row, "", "CHECK", "SCOPE", "EVIDENCE"));
        for (CheckResult r : results) {
            out.append(String.format(row, r.status(), r.check(), r.scope(), Redaction.text(r.evidence())));
            if (!r.fix().isEmpty()) {
                out.append(" ".repeat(6 + checkWidth + 2 + scopeWidth + 2)).append("fix: ")
                        .append(Redaction.text(r.fix())).append('\n');
            }
        }
        out.append(summary()).append('\n');
        return out.toString();
    }

    /** "12 checks: 9 passed, 1 warning, 1 failed, 1 skipped". */
    public String summary() {
        List<String> parts = new ArrayList<>();
        parts.add(count(CheckResult.Status.PASS) + " passed");
        long warn = count(CheckResult.Status.WARN);
        if (warn > 0) {
            parts.add(warn + (warn == 1 ? " warning" : " warnings"));
        }
        parts.add(count(CheckResult.Status.FAIL) + " failed");
        long skip = count(CheckResult.Status.SKIP);
        if (skip > 0) {
            parts.add(skip + " skipped");
        }
        return results.size() + " checks: " + String.join(", ", parts);
    }

    private long count(CheckResult.Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }
}
