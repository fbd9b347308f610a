package org.vigil.deidentify.recognize;

import org.junit.jupiter.api.Test;
import org.vigil.deidentify.Found;

import static org.assertj.core.api.Assertions.assertThat;

class ContactRecognizerTest {

    @Test
    void findsPhoneNumbersInCommonFormats() {
        assertThat(Found.by("contact", "call (617) 555-0134 or 617.555.0199, cell +1 415 555 0100, 2125550147"))
                .containsExactly("PHONE:(617) 555-0134", "PHONE:617.555.0199", "PHONE:+1 415 555 0100", "PHONE:2125550147");
    }

    @Test
    void labelsNumberAfterFaxAsFax() {
        assertThat(Found.by("contact", "Phone: 617-555-0134 Fax: 617-555-0188"))
                .containsExactly("PHONE:617-555-0134", "FAX:617-555-0188");
    }

    @Test
    void findsExtensionAndSevenDigitNumberWithContext() {
        assertThat(Found.by("contact", "reached at 555-0123 ext. 4411"))
                .containsExactly("PHONE:555-0123 ext. 4411");
    }

    @Test
    void findsEmailUrlAndIpAddresses() {
        assertThat(Found.by("contact", "Email k.lee99@mail.example.com; portal https://mychart.example.org/login. "
                + "From 10.2.33.104 and fe80::1ff:fe23:4567:890a; site hopeclinic.org."))
                .containsExactly("EMAIL:k.lee99@mail.example.com", "URL:https://mychart.example.org/login",
                        "IPADDR:10.2.33.104", "IPADDR:fe80::1ff:fe23:4567:890a", "URL:hopeclinic.org");
    }

    @Test
    void leavesVitalsTimesAndInvalidAddressesAlone() {
        assertThat(Found.by("contact", "BP 120/80, HR 88, at 14:30:05, version 1.2.3, lab 300.1.2.999")).isEmpty();
    }
}
