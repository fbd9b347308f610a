package org.vigil.corpus;

import org.junit.jupiter.api.Test;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.PhiAnnotation;
import org.vigil.corpus.SyntheticNote;
import org.vigil.schemas.RiskAssessment;
import org.vigil.schemas.RiskSignal;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SyntheticAssessmentsTest {

    private final List<SyntheticNote> notes = new CorpusGenerator(3).generate(200);

    @Test
    void evidenceOffsetsPointAtTheEvidenceInTheTaggedText() {
        for (SyntheticNote n : notes) {
            RiskAssessment a = SyntheticAssessments.assessment(n);
            assertThat(a.getSignals()).hasSize(n.signals().size());
            for (int i = 0; i < a.getSignals().size(); i++) {
                RiskSignal s = a.getSignals().get(i);
                org.vigil.corpus.SignalMention truth = n.signals().get(i);
                assertThat(a.getNote().getText().substring(s.getEvidenceStart(), s.getEvidenceEnd()))
                        .isEqualTo(s.getEvidenceText());
                if (n.phi().stream().noneMatch(p -> p.mustRemove() && p.start() < truth.end() && truth.start() < p.end())) {
                    assertThat(s.getEvidenceText()).isEqualTo(truth.text());
                }
            }
        }
    }

    @Test
    void identifiersSafeHarborRemovesAreReplacedByTheirCategoryTag() {
        for (SyntheticNote n : notes) {
            String text = SyntheticAssessments.assessment(n).getNote().getText();
            long removed = n.phi().stream().filter(PhiAnnotation::mustRemove).count();
            assertThat(SyntheticAssessments.assessment(n).getNote().getPhiCounts().values().stream()
                    .mapToLong(Integer::longValue).sum()).isEqualTo(removed);
            n.phi().stream().filter(p -> p.mustRemove() && p.category().equals("NAME") && p.text().length() >= 5)
                    .forEach(p -> assertThat(text).doesNotContain(p.text()));
            assertThat(text).contains("[NAME]");
        }
    }
}
