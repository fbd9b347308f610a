package org.vigil.deidentify.text;

/** The i2b2 2014 PHI categories, the unit of per-category counts, tags and scores. */
public enum PhiCategory {
    NAME, PROFESSION, LOCATION, AGE, DATE, CONTACT, ID;

    private final String tag = "[" + name() + "]";

    /** The tag written in place of a mention in tag mode, e.g. {@code [NAME]}. */
    public String tag() {
        return tag;
    }
}
