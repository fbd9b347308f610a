package org.vigil.deidentify.recognize;

import org.junit.jupiter.api.Test;
import org.vigil.deidentify.Found;

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

    @Test
    void findsCitiesAfterPlacePrepositionsIncludingCommonWordCitiesAndLineWraps() {
        String text = "lives in an assisted living facility in\nGallup. Born in 1957 in Hope; wants to go home to Hope.";
        assertThat(Found.by("place", text)).containsExactly("CITY:Gallup", "CITY:Hope", "CITY:Hope");
        assertThat(Found.offsetsBy("place", text)).containsExactly("CITY:40-46", "CITY:64-68", "CITY:90-94");
    }

    @Test
    void leavesCommonWordCitiesAloneWithoutPlaceContext() {
        assertThat(Found.by("place", "Hope is important. There is hope.")).isEmpty();
    }

    @Test
    void findsUnitNamesInAllCapitalNotesOnlyWhereAUnitNameStands() {
        String text = "PLAN: TRANSFER FOR CARE (ADDICTION MEDICINE CONSULT SERVICE) UNDER INVOLUNTARY HOLD. "
                + "SEEN IN PSYCHIATRIC EMERGENCY SERVICE. PT WAS SEEN BY THE CONSULT SERVICE TODAY AND SHE AGREES.";
        assertThat(Found.by("place", text)).containsExactly(
                "DEPARTMENT:ADDICTION MEDICINE CONSULT SERVICE", "DEPARTMENT:PSYCHIATRIC EMERGENCY SERVICE");
        assertThat(Found.offsetsBy("place", text)).containsExactly("DEPARTMENT:25-59", "DEPARTMENT:93-122");
    }

    @Test
    void findsUnitNamesInAllCapitalNotesAfterALabelBeforeTheirRoomAndBeforeTheDateOfAMove() {
        String text = "LOCATION: ADDICTION MEDICINE CONSULT SERVICE RM C63. PT WAS ADMITTED TO GERIATRIC PSYCHIATRY ON "
                + "11-15-2023 AFTER AN OVERDOSE. TRANSFER TO ST. JUDE (GERIATRIC PSYCHIATRY) UNDER HOLD. SEEN IN THE "
                + "CONSULT SERVICE WITH HIS WIFE.";
        assertThat(Found.by("place", text)).containsExactly("DEPARTMENT:ADDICTION MEDICINE CONSULT SERVICE",
                "DEPARTMENT:GERIATRIC PSYCHIATRY", "HOSPITAL:ST. JUDE", "DEPARTMENT:GERIATRIC PSYCHIATRY");
    }

    @Test
    void findsHospitalNamedWithOrdinaryWordsInAllCapitalNotesAfterAt() {
        String text = "MR. WALKER IS A 66 YR OLD MAN SEEN TODAY AT PINE RIDGE PSYCHIATRIC HOSPITAL. HE REPORTS POOR "
                + "SLEEP AND LOW MOOD SINCE HIS WIFE DIED LAST YEAR.";
        assertThat(Found.by("place", text)).containsExactly("HOSPITAL:PINE RIDGE PSYCHIATRIC HOSPITAL");
    }

    @Test
    void findsUnitNamesInCapitalsAsHeaderFields() {
        String text = "ENCOUNTER 12/30/2023 | PSYCHIATRIC EMERGENCY SERVICE | BED 864 PATIENT SEEN FOR SUICIDAL IDEATION AFTER "
                + "AN OVERDOSE LAST NIGHT WITH HER MOTHER PRESENT AND CALM";
        assertThat(Found.offsetsBy("place", text)).containsExactly("DEPARTMENT:23-52");
    }

    @Test
    void findsLandmarksNamedWithOrdinaryWordsInCapitalsAfterAPlacePreposition() {
        String text = "DISCHARGE PLANNING; PT HAS BEEN STAYING AT MILL CREEK TRAILHEAD. NOW LIVING IN HER CAR IN THE "
                + "CENTRAL PARK AREA. SHE WALKS IN THE PARK DAILY AND DENIES SI.";
        assertThat(Found.by("place", text)).containsExactly("LOCATION_OTHER:MILL CREEK TRAILHEAD",
                "LOCATION_OTHER:THE CENTRAL PARK");
    }

    @Test
    void readsUnitsOfABloodProductOrDrugAsQuantitiesNotWards() {
        for (String text : new String[] {"the 3rd unit of PRBC", "THE 3RD UNIT OF PRBC", "the 3rd unit of prbc",
                "given 2 Units of FFP", "one Unit of Cryo", "10 Units of Insulin", "a Unit of Platelets"}) {
            assertThat(Found.by("place", text)).as(text).isEmpty();
        }
        assertThat(Found.by("place", "admitted to the Behavioral Health Unit 5B"))
                .containsExactly("DEPARTMENT:the Behavioral Health Unit 5B");
    }

    @Test
    void takesNoContractionForAPlacesName() {
        for (String text : new String[] {"pt d/c'd home may 12th w/ VNA", "PT D/C'D HOME MAY 12TH W/ VNA",
                "Pt d/c'd Home today", "she'll go Home", "pt's Home"}) {
            assertThat(Found.by("place", text)).as(text).isEmpty();
        }
    }
}
