package org.vigil.deidentify;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlaceRecognizerTest {

    @Test
    void findsCityBeforeStateAndKeepsTheState() {
        assertThat(Found.by("place", "from Lake Placid, NY and Springfield, Illinois"))
                .containsExactly("CITY:Lake Placid", "CITY:Springfield");
    }

    @Test
    void findsInstitutionsByTheirGenericWord() {
        assertThat(Found.by("place", "admitted to St. Mary's Medical Center after Riverside General Hospital; "
                + "student at University of Vermont"))
                .containsExactly("HOSPITAL:St. Mary's Medical Center", "HOSPITAL:Riverside General Hospital",
                        "ORGANIZATION:University of Vermont");
    }

    @Test
    void findsPlacesAndEmployersAfterContextButNotCountries() {
        assertThat(Found.by("place", "lives in Quincy. Works at Dunkin Donuts. Moved from Mexico. Ward County jail."))
                .containsExactly("CITY:Quincy", "ORGANIZATION:Dunkin Donuts", "LOCATION_OTHER:Ward County");
    }

    @Test
    void leavesGenericInstitutionsAlone() {
        assertThat(Found.by("place", "Community Hospital policy; Mental Health follow-up; the Clinic")).isEmpty();
    }
}
