package org.vigil.sink.web;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CellPolicyTest {

    private final CellPolicy policy = new CellPolicy(11);

    @Test
    void hidesCountsFromOneToTenFromAnalystsAndResearchersOnly() {
        assertThat(policy.cell(10, Role.ANALYST)).isEqualTo(new Cell(null, "<11"));
        assertThat(policy.cell(1, Role.RESEARCHER)).isEqualTo(new Cell(null, "<11"));
        assertThat(policy.cell(0, Role.ANALYST)).isEqualTo(new Cell(0L, "0"));
        assertThat(policy.cell(11, Role.ANALYST)).isEqualTo(new Cell(11L, "11"));
        assertThat(policy.cell(3, Role.ADMIN)).isEqualTo(new Cell(3L, "3"));
        assertThat(policy.cell(3, Role.CLINICIAN)).isEqualTo(new Cell(3L, "3"));
    }

    @Test
    void hidesTheSmallestSiblingsUntilTheHiddenCellsHoldTheCellSize() {
        // 5 alone could be recovered from the attribute's known total; hiding 12 as well leaves only 17 together.
        assertThat(policy.column(List.of(200L, 5L, 12L, 40L), Role.ANALYST)).containsExactly(
                new Cell(200L, "200"), new Cell(null, "<11"), new Cell(null, "hidden"), new Cell(40L, "40"));
        assertThat(policy.column(List.of(3L, 4L, 0L, 90L), Role.RESEARCHER)).containsExactly(
                new Cell(null, "<11"), new Cell(null, "<11"), new Cell(0L, "0"), new Cell(null, "hidden"));
        assertThat(policy.column(List.of(3L, 4L, 5L, 90L), Role.RESEARCHER)).containsExactly(
                new Cell(null, "<11"), new Cell(null, "<11"), new Cell(null, "<11"), new Cell(90L, "90"));
        assertThat(policy.column(List.of(200L, 30L), Role.ANALYST)).containsExactly(
                new Cell(200L, "200"), new Cell(30L, "30"));
        assertThat(policy.column(List.of(200L, 5L), Role.ADMIN)).containsExactly(
                new Cell(200L, "200"), new Cell(5L, "5"));
    }

    @Test
    void totalWithHiddenPartsIsOnlyALowerBound() {
        List<Cell> parts = List.of(new Cell(15L, "15"), new Cell(null, "<11"), new Cell(12L, "12"));
        assertThat(policy.total(30, parts, Role.ANALYST)).isEqualTo(new Cell(null, "≥27"));
        assertThat(policy.total(4, List.of(new Cell(null, "<11"), new Cell(0L, "0")), Role.ANALYST))
                .isEqualTo(new Cell(null, "hidden"));
        assertThat(policy.total(27, List.of(new Cell(15L, "15"), new Cell(12L, "12")), Role.ANALYST))
                .isEqualTo(new Cell(27L, "27"));
    }
}
