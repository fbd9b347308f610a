package org.vigil.deidentify.operate;

import org.vigil.deidentify.text.PhiSpan;

/** Writes the category tag in place of each identifier, e.g. {@code [NAME]}, {@code [DATE]}: for audits and scoring. */
public final class TagOperator implements Operator {

    @Override
    public String replace(PhiSpan span, String original, PatientScope scope) {
        return span.category().tag();
    }
}
