package org.vigil.sink.web;

/**
 * One aggregate as the API shows it: the count, or no count and {@code "<11"} when the small-cell rule hides it.
 *
 * @param value   the count, or null when suppressed
 * @param display what the page prints
 */
public record Cell(Long value, String display) {

    public boolean suppressed() {
        return value == null;
    }
}
