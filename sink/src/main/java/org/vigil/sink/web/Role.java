package org.vigil.sink.web;

import java.util.Locale;

/** What a bearer token may see: each role a closed set of API calls. */
public enum Role {
    /** Aggregates and trends, small cells suppressed. */
    ANALYST,
    /** Alerts and the de-identified note with its evidence; adjudicates. */
    CLINICIAN,
    /** Cohorts: pseudonymous ids and aggregates, no free text, small cells suppressed. */
    RESEARCHER,
    /** Everything a reader can see, plus the access audit and token issuing. */
    ADMIN;

    /** The lower-case name used in the API and the database. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether aggregates shown to this role follow the small-cell rule. */
    public boolean countsAreSuppressed() {
        return this == ANALYST || this == RESEARCHER;
    }

    public static Role parse(String role) {
        try {
            return valueOf(role.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown role '" + role + "': expected analyst, clinician, researcher or admin");
        }
    }
}
