package io.meshconformance.config;

import java.util.List;
import java.util.stream.Collectors;

/** One or more settings have values the harness cannot use; every one is listed. */
public class InvalidSettingsException extends RuntimeException {

    private final List<String> problems;

    public InvalidSettingsException(List<String> problems) {
        super("Invalid settings (" + problems.size() + "):\n"
                + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
