package org.vigil.deidentify;

import java.util.Locale;

/** How identifiers are replaced: realistic surrogates for downstream use, or category tags for audits. */
public enum DeidMode {
    SURROGATE, TAG;

    public static DeidMode parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
