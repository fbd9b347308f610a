package org.vigil.tools.demo;

import java.util.Locale;

/**
 * How many stored notes the source flagged superseded without sending their replacement, and how many a
 * replacement superseded or a cancellation withdrew: the notes stored but no longer counted in the trends.
 */
record NoteLifecycles(long supersededInSource, long replaced, long withdrawn) {

    static final NoteLifecycles NONE = new NoteLifecycles(0, 0, 0);

    String line() {
        return String.format(Locale.ROOT, "%,d superseded in the source (stored, flagged), %,d replaced, %,d withdrawn",
                supersededInSource, replaced, withdrawn);
    }
}
