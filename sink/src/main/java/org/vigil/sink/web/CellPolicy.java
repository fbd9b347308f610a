package org.vigil.sink.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The small-cell rule: a count from 1 to {@code minCellSize - 1} could single out a patient, so analysts and
 * researchers see {@code "<minCellSize"} instead. Zero is shown, since it singles out no one.
 *
 * <p>Hiding one cell is not enough where its siblings' total is known (the groups of one attribute add up to all
 * notes, the weeks of a series to its total): the hidden cell would be the difference. So {@link #column} also hides
 * the smallest sibling cells ("hidden") until the hidden cells hold at least {@code minCellSize} together, and
 * {@link #total} gives only a lower bound when a part is hidden.
 */
public record CellPolicy(int minCellSize) {

    public CellPolicy {
        if (minCellSize < 1) {
            throw new IllegalArgumentException("minCellSize must be at least 1");
        }
    }

    public Cell cell(long count, Role viewer) {
        if (primary(count, viewer)) {
            return new Cell(null, "<" + minCellSize);
        }
        return new Cell(count, Long.toString(count));
    }

    /**
     * Cells of one group whose sum can be known, with complementary suppression: when any is hidden, the smallest
     * others are hidden too until the hidden ones add up to at least the cell size (or all are hidden).
     */
    public List<Cell> column(List<Long> counts, Role viewer) {
        List<Cell> cells = new ArrayList<>(counts.stream().map(c -> cell(c, viewer)).toList());
        if (!viewer.countsAreSuppressed() || cells.stream().noneMatch(Cell::suppressed)) {
            return cells;
        }
        long hiddenSum = IntStream.range(0, counts.size()).filter(i -> cells.get(i).suppressed()).mapToLong(counts::get).sum();
        long hiddenCells = cells.stream().filter(Cell::suppressed).count();
        List<Integer> visibleBySize = IntStream.range(0, counts.size()).filter(i -> !cells.get(i).suppressed())
                .boxed().sorted(Comparator.comparingLong(counts::get)).toList();
        for (int i : visibleBySize) {
            if (hiddenSum >= minCellSize && hiddenCells >= 2) {
                break;
            }
            if (counts.get(i) == 0) {
                continue; // a zero next to a hidden cell reveals nothing about it
            }
            cells.set(i, new Cell(null, "hidden"));
            hiddenSum += counts.get(i);
            hiddenCells++;
        }
        return cells;
    }

    /** A total of cells some of which may be hidden: exact when none is, else only the visible part as a lower bound. */
    public Cell total(long total, List<Cell> parts, Role viewer) {
        if (parts.stream().noneMatch(Cell::suppressed)) {
            return cell(total, viewer);
        }
        long visible = parts.stream().filter(c -> !c.suppressed()).mapToLong(Cell::value).sum();
        return new Cell(null, visible > 0 ? "≥" + visible : "hidden");
    }

    /** Whether a cohort of this size may leave the system. */
    public boolean exportable(long patients) {
        return patients >= minCellSize;
    }

    private boolean primary(long count, Role viewer) {
        return viewer.countsAreSuppressed() && count > 0 && count < minCellSize;
    }
}
