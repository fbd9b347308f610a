package org.vigil.deidentify.text;

import java.util.Locale;

/** An i2b2 2014 PHI type (the TYPE attribute) with the category it belongs to. */
public enum PhiType {
    PATIENT(PhiCategory.NAME), DOCTOR(PhiCategory.NAME), USERNAME(PhiCategory.NAME),
    PROFESSION(PhiCategory.PROFESSION),
    ROOM(PhiCategory.LOCATION), DEPARTMENT(PhiCategory.LOCATION), HOSPITAL(PhiCategory.LOCATION),
    ORGANIZATION(PhiCategory.LOCATION), STREET(PhiCategory.LOCATION), CITY(PhiCategory.LOCATION),
    STATE(PhiCategory.LOCATION), COUNTRY(PhiCategory.LOCATION), ZIP(PhiCategory.LOCATION),
    LOCATION_OTHER(PhiCategory.LOCATION),
    AGE(PhiCategory.AGE),
    DATE(PhiCategory.DATE),
    PHONE(PhiCategory.CONTACT), FAX(PhiCategory.CONTACT), EMAIL(PhiCategory.CONTACT), URL(PhiCategory.CONTACT),
    IPADDR(PhiCategory.CONTACT),
    SSN(PhiCategory.ID), MEDICALRECORD(PhiCategory.ID), HEALTHPLAN(PhiCategory.ID), ACCOUNT(PhiCategory.ID),
    LICENSE(PhiCategory.ID), VEHICLE(PhiCategory.ID), DEVICE(PhiCategory.ID), BIOID(PhiCategory.ID),
    IDNUM(PhiCategory.ID);

    private final PhiCategory category;

    PhiType(PhiCategory category) {
        this.category = category;
    }

    public PhiCategory category() {
        return category;
    }

    /** The TYPE attribute as the i2b2 XML spells it (LOCATION-OTHER with a hyphen). */
    public String i2b2Name() {
        return name().replace('_', '-');
    }

    /** Parses a type as written in the data files or in i2b2 XML. */
    public static PhiType parse(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
