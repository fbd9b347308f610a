package org.vigil.tools.demo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DemoNoteLifecyclesTest {

    @Test
    void summaryLineGroupsThousandsAndNamesEachLife() {
        assertThat(new NoteLifecycles(1_202, 3, 45).line())
                .isEqualTo("1,202 superseded in the source (stored, flagged), 3 replaced, 45 withdrawn");
    }
}
