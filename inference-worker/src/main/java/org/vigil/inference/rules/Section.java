package org.vigil.inference.rules;

import org.vigil.schemas.Assertion;

import java.util.Optional;

/**
 * A note section found by its header, with the assertion its content carries by default (Family History:
 * FAMILY; Past Psychiatric History: HISTORICAL unless a recency cue says current).
 *
 * @param name          canonical section name, e.g. {@code FAMILY_HISTORY}
 * @param headerStart   first token of the header
 * @param startToken    first token after the header
 * @param defaultAssertion the assertion of a mention in it that no cue modifies
 */
public record Section(String name, int headerStart, int startToken, Optional<Assertion> defaultAssertion) {
}
