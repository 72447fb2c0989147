package io.meshconformance.topology;

import java.util.List;
import java.util.stream.Collectors;

/** The topology cannot be used; carries every problem found, not just the first. */
public class InvalidTopologyException extends RuntimeException {

    private final String source;
    private final List<TopologyProblem> problems;

    public InvalidTopologyException(String source, List<TopologyProblem> problems) {
        super(render(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public String source() {
        return source;
    }

    public List<TopologyProblem> problems() {
        return problems;
    }

    private static String render(String source, List<TopologyProblem> problems) {
        return "Topology " + source + " is invalid (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "):\n"
                + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
    }
}
