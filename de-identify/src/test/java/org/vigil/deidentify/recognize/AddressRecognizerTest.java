package org.vigil.deidentify.recognize;

import org.junit.jupiter.api.Test;
import org.vigil.deidentify.Found;

import static org.assertj.core.api.Assertions.assertThat;

class AddressRecognizerTest {

    @Test
    void findsStreetAddressesBoxesAndZipCodes() {
        assertThat(Found.by("addresses", "lives at 1420 N. Elm Street Apt 3B, Salem, OR 97301-1234; PO Box 88"))
                .containsExactly("STREET:1420 N. Elm Street Apt 3B", "ZIP:97301-1234", "STREET:PO Box 88");
    }

    @Test
    void findsRoomsAndWards() {
        assertThat(Found.by("addresses", "moved to Room 412B, bed 2; transferred to 5 West"))
                .containsExactly("ROOM:412B", "ROOM:2", "DEPARTMENT:5 West");
    }
}
