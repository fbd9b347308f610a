package org.vigil.deidentify.recognize;

import org.junit.jupiter.api.Test;
import org.vigil.deidentify.Found;

import static org.assertj.core.api.Assertions.assertThat;

class SafeListRecognizerTest {

    @Test
    void removesACapitalisedWordNoVocabularyExplainsAndKeepsOrdinaryAndMedicalWords() {
        assertThat(Found.by("safe-list", "Seen with Kettleby today. Depression and Anxiety noted. Patient reports "
                + "Insomnia. HEADACHE and NAUSEA resolved. Plan: Sertraline. Brown stool. SI denied, AVH none."))
                .containsExactly("PATIENT:Kettleby");
    }

    @Test
    void takesACuratedNameThatIsAlsoADictionaryWordOnlyWhereCasingSaysName() {
        // "Amber" is a curated first name and a dictionary word, not of the safe vocabulary: capitalised it goes, in
        // lower case it stays; a dictionary word only the population lists hold as a name ("Dusty") stays.
        assertThat(Found.by("safe-list", "Spoke with Amber about the amber urine. Dusty room.")).containsExactly("PATIENT:Amber");
    }

    @Test
    void inANoteWithoutCapitalsRemovesOnlyUnknownWordsInANameSlot() {
        String note = "pt resting in bed, vss. spoke with kettleby re: dc planning. wife, ondine at bedside. "
                + "seen by brisbois rn. pt c/o mild nausea, zofran given with good effect. ambulating in hall with "
                + "pt. pain 2/10. will cont to monitor. xyzzy dressing cdi.";
        assertThat(Found.by("safe-list", note)).containsExactly("PATIENT:kettleby", "PATIENT:ondine",
                "PATIENT:brisbois");
    }

    @Test
    void takesAnUnknownWordAfterAPlacePrepositionForAPlaceWhereCaseSaysNothing() {
        String note = "pt from pikesville, admitted overnight for cellulitis. iv abx started per protocol. wife at "
                + "bedside, pt resting comfortably in bed. will cont to monitor and update team as needed today.";
        assertThat(Found.by("safe-list", note)).containsExactly("LOCATION_OTHER:pikesville");
    }

    @Test
    void removesANameWithDigitsAppendedButNoLabCodeOrNumberedUnit() {
        assertThat(Found.by("safe-list", "Marine542 Ai120 seen. B12, CD4 and Covid19 checked; Room12 and Day14."))
                .containsExactly("PATIENT:Marine542");
        assertThat(Found.by("safe-list", "Rocky100 seen, also Room100 cleaned.")).containsExactly("PATIENT:Rocky100");
    }
}
