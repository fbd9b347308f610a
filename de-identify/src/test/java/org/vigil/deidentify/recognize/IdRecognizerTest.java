package org.vigil.deidentify.recognize;

import org.junit.jupiter.api.Test;
import org.vigil.deidentify.Found;

import static org.assertj.core.api.Assertions.assertThat;

class IdRecognizerTest {

    @Test
    void findsSsnMrnAndPlanIdsByFormatAndContext() {
        assertThat(Found.by("ids", "SSN 123-45-6789. MRN: 0048213. Medicaid ID: YH44512Q. Acct # 7781."))
                .containsExactly("SSN:123-45-6789", "MEDICALRECORD:0048213", "HEALTHPLAN:YH44512Q", "ACCOUNT:7781");
    }

    @Test
    void findsVehicleIdentificationNumberWithValidCheckDigit() {
        assertThat(Found.by("ids", "car VIN 1M8GDM9AXKP042788 towed")).containsExactly("VEHICLE:1M8GDM9AXKP042788");
        assertThat(Validator.vinCheckDigitValid("1M8GDM9AXKP042788")).isTrue();
        assertThat(Validator.vinCheckDigitValid("1M8GDM9A1KP042788")).isFalse();
    }

    @Test
    void findsVehicleIdentificationNumberAfterItsLabelWithoutCheckDigitOrDigits() {
        assertThat(Found.by("ids", "Car impounded (VIN SEZFXUXUUUEAN6AZR); sleeping in the car"))
                .containsExactly("VEHICLE:SEZFXUXUUUEAN6AZR");
        assertThat(Found.by("ids", "CLASSIFICATIONS SEZFXUXUUUEAN6AZR noted")).isEmpty();
    }

    @Test
    void findsLowerCaseLoginAfterItsLabelAtTheEndOfASentence() {
        assertThat(Found.by("ids", "Her login is grays65.")).containsExactly("USERNAME:grays65");
        assertThat(Found.by("ids", "user: jsmith.")).containsExactly("USERNAME:jsmith");
    }

    @Test
    void findsLoginMadeOfSurnameAndInitialEvenWhenItSpellsAWord() {
        assertThat(Found.by("ids", "Message sent via portal; grays65 to follow.")).containsExactly("USERNAME:grays65");
        assertThat(Found.by("ids", "repeat in weeks2 and covid19 negative")).isEmpty();
    }

    @Test
    void findsUserNameHandedATaskButNotTheServiceOrClinicianHandedOne() {
        assertThat(Found.by("ids", "Message sent to Dr. Reed via portal; bvanderberg to follow.")).containsExactly("USERNAME:bvanderberg");
        assertThat(Found.by("ids", "VIA PORTAL; COLIVEIRA TO FOLLOW. ROSE.MAY TO FOLLOW")).containsExactly("USERNAME:COLIVEIRA", "USERNAME:ROSE.MAY");
        assertThat(Found.by("ids", "Portal; smith-jonesa64 to follow")).containsExactly("USERNAME:smith-jonesa64");
        assertThat(Found.by("ids", "hospitalist to follow; urology to follow; SW to follow; PCP to follow; team to follow")).isEmpty();
        assertThat(Found.by("ids", "PHQ-2 = 3, PHQ-9 to follow. GAD-7 to follow; Y-BOCS to follow")).isEmpty();
    }

    @Test
    void findsDeviceSerialLicenseAndPlate() {
        assertThat(Found.by("ids", "pacemaker serial PJN448812; DEA # AB1234563; license plate 7ABC123"))
                .containsExactly("DEVICE:PJN448812", "LICENSE:AB1234563", "VEHICLE:7ABC123");
    }

    @Test
    void findsLongNumbersAndMixedCodesWithoutContext() {
        assertThat(Found.by("ids", "ref 20931845 and code QX-77120-B; card 4111 1111 1111 1111"))
                .containsExactly("IDNUM:20931845", "IDNUM:QX-77120-B", "ACCOUNT:4111 1111 1111 1111");
    }

    @Test
    void leavesDosesScoresAndYearsAlone() {
        assertThat(Found.by("ids", "sertraline 1000mg, PHQ-9 21, COVID-19 in 2020, 3 tabs, x10")).isEmpty();
    }

    @Test
    void checksLuhnDigits() {
        assertThat(Validator.luhn("4111111111111111")).isTrue();
        assertThat(Validator.luhn("4111111111111112")).isFalse();
    }
}
