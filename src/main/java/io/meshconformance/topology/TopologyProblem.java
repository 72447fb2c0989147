package io.meshconformance.topology;

/**
 * One thing wrong with a topology, as a sentence for a person.
 *
 * @param where the cluster(s) or the part of the file concerned, e.g. {@code cluster 'remote'} or {@code file}
 * @param what  what is wrong, with the offending values, and what to do about it
 */
public record TopologyProblem(String where, String what) {

    @Override
    public String toString() {
        return where + ": " + what;
    }
}
