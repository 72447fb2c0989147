package io.meshconformance.config;

import java.util.List;
import java.util.Optional;

/**
 * A version matrix ({@code matrix/*.yaml}), validated: its cells in the file's order, and whether cells outside
 * Istio's supported range run anyway.
 *
 * @param source         the file, as the user named it
 * @param runUnsupported the file's {@code runUnsupported} switch
 */
public record Matrix(String source, boolean runUnsupported, List<MatrixCell> cells) {

    public Matrix {
        cells = List.copyOf(cells);
    }

    public Optional<MatrixCell> cell(String name) {
        return cells.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public List<String> names() {
        return cells.stream().map(MatrixCell::name).toList();
    }

    /** Whether {@code cell} runs: always when supported or of unknown support, else only when asked. */
    public boolean runs(MatrixCell cell, boolean includeUnsupported) {
        return cell.expected().runsByDefault() || runUnsupported || includeUnsupported;
    }
}
