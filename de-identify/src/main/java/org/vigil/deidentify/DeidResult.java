package org.vigil.deidentify;

import org.vigil.deidentify.text.PhiCategory;
import org.vigil.deidentify.text.PhiSpan;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The outcome of de-identifying one note: clean text, or a failure that must fail closed. */
public sealed interface DeidResult permits DeidResult.Clean, DeidResult.Failed {

    /**
     * A de-identified note.
     *
     * @param text   the clean text
     * @param spans  the identifiers found, on the original text's offsets (for evaluation; never log them)
     * @param counts identifiers removed per category
     */
    record Clean(String text, List<PhiSpan> spans, Map<PhiCategory, Integer> counts) implements DeidResult {
        public Clean {
            Objects.requireNonNull(text, "text");
            spans = List.copyOf(spans);
            counts = Map.copyOf(counts);
        }

        /**
         * The note's residual: identifiers only the residual check found ({@link
         * org.vigil.deidentify.recognize.SafeListRecognizer}), words no vocabulary explains in a name position.
         */
        public int residual() {
            int n = 0;
            for (PhiSpan s : spans) {
                if (s.recognizer().equals(org.vigil.deidentify.recognize.SafeListRecognizer.NAME)) {
                    n++;
                }
            }
            return n;
        }
    }

    /** A note that could not be de-identified; {@code reason} is free of PHI. */
    record Failed(ReasonCode code, String reason) implements DeidResult {
        public Failed {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
