package org.vigil.deidentify;

import org.junit.jupiter.api.Test;
import org.vigil.deidentify.recognize.NoteText;
import org.vigil.deidentify.recognize.Recognizer;
import org.vigil.deidentify.text.PhiSpan;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

public class FailClosedTest {

    /** A recognizer that fails on every note, with PHI in its message as a careless one might. */
    public static final class ThrowingRecognizer implements Recognizer {
        @Override
        public String name() {
            return "throwing";
        }

        @Override
        public void recognize(NoteText note, List<PhiSpan> out) {
            if (note.text().contains("TRIGGER")) {
                throw new IllegalStateException("cannot parse " + note.text());
            }
        }
    }

    /** A recognizer with a catastrophically backtracking pattern. */
    static final class BacktrackingRecognizer implements Recognizer {
        private static final Pattern EVIL = Pattern.compile("((a+)+)+b");

        @Override
        public String name() {
            return "backtracking";
        }

        @Override
        public void recognize(NoteText note, List<PhiSpan> out) {
            EVIL.matcher(note.chars()).find();
        }
    }

    @Test
    void failsWithReasonCodeAndNoTextWhenARecognizerThrows() {
        Deidentifier d = new Deidentifier(Ruleset.standard().with(new ThrowingRecognizer()), Found.KEY, DeidOptions.defaults());
        DeidResult r = d.deidentify("TRIGGER: Jennifer Okafor", "p");
        assertThat(r).isEqualTo(new DeidResult.Failed(ReasonCode.RECOGNIZER_FAILED, "throwing failed with IllegalStateException"));
        assertThat(d.deidentify("Jennifer Okafor", "p")).isInstanceOf(DeidResult.Clean.class);
    }

    @Test
    void stopsABacktrackingPatternAtTheTimeBudget() {
        Deidentifier d = new Deidentifier(Ruleset.standard().with(new BacktrackingRecognizer()), Found.KEY,
                DeidOptions.defaults().withTimeoutMillis(200));
        long start = System.nanoTime();
        DeidResult r = d.deidentify("a".repeat(28) + "!", "p");
        assertThat(r).isEqualTo(new DeidResult.Failed(ReasonCode.TIMEOUT, "time budget of 200 ms spent in backtracking"));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void refusesNotesOverTheSizeLimit() {
        Deidentifier d = new Deidentifier(Ruleset.standard(), Found.KEY, DeidOptions.defaults().withMaxNoteChars(100));
        assertThat(d.deidentify("x".repeat(101), "p"))
                .isEqualTo(new DeidResult.Failed(ReasonCode.OVERSIZE, "note of 101 characters exceeds the limit of 100"));
    }

    @Test
    void refusesTextDecodedFromInvalidUtf8AndBinaryContent() {
        Deidentifier d = new Deidentifier(Ruleset.standard(), Found.KEY, DeidOptions.defaults());
        assertThat(d.deidentify("name \uFFFD here", "p")).extracting(r -> ((DeidResult.Failed) r).code())
                .isEqualTo(ReasonCode.INVALID_ENCODING);
        assertThat(d.deidentify("bad \uD800 surrogate", "p")).extracting(r -> ((DeidResult.Failed) r).code())
                .isEqualTo(ReasonCode.INVALID_ENCODING);
        assertThat(d.deidentify("PNG\u0000\u0001\u0002", "p")).extracting(r -> ((DeidResult.Failed) r).code())
                .isEqualTo(ReasonCode.UNSUPPORTED_INPUT);
    }
}
