package io.meshconformance.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * Which address ranges overlap, each range named by its owner (a cluster) and kind (pod or service range): the one
 * place the rule lives, for the ranges a topology plans and for those a running cluster reveals. Pure.
 */
public final class RangeOverlaps {

    /** A range and whose it is. */
    public record Owned(String owner, String kind, Cidr range) {
    }

    /** Two ranges that share addresses; {@code first} comes before {@code second} in the list given. */
    public record Overlap(Owned first, Owned second) {

        public boolean sameOwner() {
            return first.owner().equals(second.owner());
        }
    }

    private RangeOverlaps() {
    }

    /** Every pair of {@code ranges} that overlaps, in the order of the list (first by first, then by second). */
    public static List<Overlap> among(List<Owned> ranges) {
        List<Overlap> found = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = i + 1; j < ranges.size(); j++) {
                if (ranges.get(i).range().overlaps(ranges.get(j).range())) {
                    found.add(new Overlap(ranges.get(i), ranges.get(j)));
                }
            }
        }
        return found;
    }
}
