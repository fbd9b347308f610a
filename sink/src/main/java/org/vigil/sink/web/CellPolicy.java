package org.vigil.sink.web;

/**
 * The small-cell rule: a count from 1 to {@code minCellSize - 1} could single out a patient, so analysts and
 * researchers see {@code "<minCellSize"} instead. Zero is shown, since it singles out no one.
 */
public record CellPolicy(int minCellSize) {

    public CellPolicy {
        if (minCellSize < 1) {
            throw new IllegalArgumentException("minCellSize must be at least 1");
        }
    }

    public Cell cell(long count, Role viewer) {
        if (viewer.seesSuppressedCells() && count > 0 && count < minCellSize) {
            return new Cell(null, "<" + minCellSize);
        }
        return new Cell(count, Long.toString(count));
    }

    /** Whether a cohort of this size may leave the system. */
    public boolean exportable(long patients) {
        return patients >= minCellSize;
    }
}
