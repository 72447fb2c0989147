package io.meshconformance.topology;

import java.util.List;
import io.meshconformance.text.Listing;

/** The topology cannot be used; carries every problem found, not just the first. */
public class InvalidTopologyException extends RuntimeException {

    /** The most problems the message lists; a long list hides the first, most useful ones. */
    public static final int MAX_SHOWN = 30;

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
                + (problems.size() == 1 ? "" : "s") + "):\n" + shown(problems.stream().map(TopologyProblem::toString)
                .toList());
    }

    /**
     * The first {@value #MAX_SHOWN} lines, one per problem, and how many more there are: the file's own problems
     * and each cluster's come first, before the pairwise overlaps, which are the most numerous and often go away
     * with the first fixes. The full list stays in {@link #problems()}.
     */
    static String shown(List<String> lines) {
        return Listing.bulleted(lines, MAX_SHOWN, "problems");
    }
}
