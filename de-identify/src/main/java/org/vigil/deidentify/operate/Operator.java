package org.vigil.deidentify.operate;

import org.vigil.deidentify.text.PhiSpan;

/** Replaces one identifier found in a note with what the output text shows in its place. */
public interface Operator {

    /** The replacement for {@code original}, the text of {@code span}. */
    String replace(PhiSpan span, String original, PatientScope scope);
}
