package org.vigil.deidentify.recognize;

import org.junit.jupiter.api.Test;
import org.vigil.deidentify.recognize.RecordVariants.Gap;
import org.vigil.deidentify.recognize.RecordVariants.NamePart;
import org.vigil.deidentify.recognize.RecordVariants.Phrase;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RecordVariantsTest {

    @Test
    void namePartsAreTheWordsTheirHyphenatedPiecesAndTheFormsWithoutSyntheaDigits() {
        assertThat(RecordVariants.nameParts("Ruiz-Lopez")).containsExactly(new NamePart("ruiz-lopez", false),
                new NamePart("ruiz", false), new NamePart("lopez", false));
        assertThat(RecordVariants.nameParts("Marine542")).containsExactly(new NamePart("marine542", false),
                new NamePart("marine", true));
        assertThat(RecordVariants.nameParts("Ana Maria")).containsExactly(new NamePart("ana", false),
                new NamePart("maria", false));
        assertThat(RecordVariants.nameParts("O\u2019Brien")).containsExactly(new NamePart("o'brien", false));
    }

    @Test
    void aFormWrittenAsRecordedIsNotMarkedStrippedWhenAnotherWordStripsToIt() {
        assertThat(RecordVariants.nameParts("Ai Ai120")).containsExactly(new NamePart("ai", false),
                new NamePart("ai120", false));
    }

    @Test
    void withoutTrailingDigitsOnlyStripsDigitsAfterLetters() {
        assertThat(RecordVariants.withoutTrailingDigits("ai120")).isEqualTo("ai");
        assertThat(RecordVariants.withoutTrailingDigits("ana")).isNull();
        assertThat(RecordVariants.withoutTrailingDigits("120")).isNull();
        assertThat(RecordVariants.withoutTrailingDigits("a1b2")).isNull();
    }

    @Test
    void identifierCoresAreTheAlphanumericsWithAndWithoutAPrefixWrittenApart() {
        assertThat(RecordVariants.identifierCores("MRN-00123")).containsExactly("mrn00123", "00123");
        assertThat(RecordVariants.identifierCores("123-45-6789")).containsExactly("123456789");
        assertThat(RecordVariants.identifierCores("AB12cd/34")).containsExactly("ab12cd34");
    }

    @Test
    void identifierCoresDropLeadingZerosOnlyWhereSixDigitsRemain() {
        assertThat(RecordVariants.identifierCores("00123456")).containsExactly("00123456", "123456");
        assertThat(RecordVariants.identifierCores("0048213")).containsExactly("0048213");
    }

    @Test
    void identifiersOfFewerThanFourAlphanumericsAreNotSearched() {
        assertThat(RecordVariants.identifierCores("A-12")).isEmpty();
        assertThat(RecordVariants.identifierCores("ID 7")).isEmpty();
    }

    @Test
    void ssnShapeIsNineDigitsThreeTwoFour() {
        assertThat(RecordVariants.ssnShaped("123-45-6789")).isTrue();
        assertThat(RecordVariants.ssnShaped("123456789")).isTrue();
        assertThat(RecordVariants.ssnShaped("123 45 6789")).isTrue();
        assertThat(RecordVariants.ssnShaped("1234-56-789")).isFalse();
        assertThat(RecordVariants.ssnShaped("00123456")).isFalse();
    }

    @Test
    void phoneDigitsAreTheNationalNumberWithAndWithoutCountryCode() {
        assertThat(RecordVariants.phoneDigits("(555) 123-4567")).containsExactly("15551234567", "5551234567");
        assertThat(RecordVariants.phoneDigits("+1 555.123.4567 x89")).containsExactly("15551234567", "5551234567");
        assertThat(RecordVariants.phoneDigits("tel:+1-555-123-4567")).containsExactly("15551234567", "5551234567");
        assertThat(RecordVariants.phoneDigits("+44 20 7946 0958")).containsExactly("442079460958");
        assertThat(RecordVariants.phoneDigits("x4567")).isEmpty();
    }

    @Test
    void literalAddressesAreEmailsAndWebAddressesInLowerCase() {
        assertThat(RecordVariants.literalAddress("Ana.Ruiz@Mail.example")).isEqualTo(Optional.of("ana.ruiz@mail.example"));
        assertThat(RecordVariants.literalAddress("mailto:ana@x.example")).isEqualTo(Optional.of("ana@x.example"));
        assertThat(RecordVariants.literalAddress("https://ana.example/me")).isEqualTo(Optional.of("https://ana.example/me"));
        assertThat(RecordVariants.literalAddress("555-123-4567")).isEmpty();
    }

    private static final Map<String, String> CANONICAL = Map.of("street", "st", "st", "st", "apartment", "apt",
            "apt", "apt", "suite", "ste", "ste", "ste");

    @Test
    void addressLinesAreCanonicalAndAlsoSearchedWithoutTheirUnit() {
        assertThat(RecordVariants.addressPhrases("12 Elm Street Apartment 4", CANONICAL, Set.of("apt", "ste")))
                .containsExactly(new Phrase(List.of("12", "elm", "st", "apt", "4"), Gap.ADDRESS),
                        new Phrase(List.of("12", "elm", "st"), Gap.ADDRESS));
        assertThat(RecordVariants.addressPhrases("12 Elm St #4", CANONICAL, Set.of("apt")))
                .containsExactly(new Phrase(List.of("12", "elm", "st", "4"), Gap.ADDRESS),
                        new Phrase(List.of("12", "elm", "st"), Gap.ADDRESS));
        assertThat(RecordVariants.addressPhrases("9 Oak Rd", CANONICAL, Set.of("apt")))
                .containsExactly(new Phrase(List.of("9", "oak", "rd"), Gap.ADDRESS));
    }

    @Test
    void postalCodesAreZipAndZipPlusFourFormsOrTheCodesWords() {
        assertThat(RecordVariants.postalPhrases("95401-1234")).containsExactly(
                new Phrase(List.of("95401", "1234"), Gap.SEPARATOR), new Phrase(List.of("954011234"), Gap.SEPARATOR),
                new Phrase(List.of("95401"), Gap.SEPARATOR));
        assertThat(RecordVariants.postalPhrases("95401")).containsExactly(new Phrase(List.of("95401"), Gap.SEPARATOR));
        assertThat(RecordVariants.postalPhrases("K1A 0B6")).containsExactly(new Phrase(List.of("k1a", "0b6"), Gap.WORDS));
    }

    @Test
    void isoDatesAreReadAndAnythingElseIsNot() {
        assertThat(RecordVariants.isoDate("1990-02-03")).isEqualTo(Optional.of(LocalDate.of(1990, 2, 3)));
        assertThat(RecordVariants.isoDate("1990-02-03T00:00:00Z")).isEqualTo(Optional.of(LocalDate.of(1990, 2, 3)));
        assertThat(RecordVariants.isoDate("1990-02-30")).isEmpty();
        assertThat(RecordVariants.isoDate("02/03/1990")).isEmpty();
    }

    @Test
    void datePhrasesCoverTheFormatsCliniciansWrite() {
        List<Phrase> forms = RecordVariants.datePhrases(LocalDate.of(1990, 2, 3));
        assertThat(forms).contains(
                new Phrase(List.of("2", "3", "1990"), Gap.SEPARATOR),
                new Phrase(List.of("02", "03", "1990"), Gap.SEPARATOR),
                new Phrase(List.of("2", "3", "90"), Gap.SEPARATOR),
                new Phrase(List.of("1990", "02", "03"), Gap.SEPARATOR),
                new Phrase(List.of("19900203"), Gap.SEPARATOR),
                new Phrase(List.of("february", "3", "1990"), Gap.WORDS),
                new Phrase(List.of("feb", "3rd", "1990"), Gap.WORDS),
                new Phrase(List.of("3", "february", "1990"), Gap.WORDS),
                new Phrase(List.of("03", "feb", "90"), Gap.WORDS));
        assertThat(forms).doesNotContain(new Phrase(List.of("3", "2", "1990"), Gap.SEPARATOR));
        assertThat(forms).doesNotHaveDuplicates();
        assertThat(RecordVariants.datePhrases(LocalDate.of(1985, 9, 22)))
                .contains(new Phrase(List.of("sept", "22nd", "1985"), Gap.WORDS));
    }

    @Test
    void gapsAllowOnlyTheirSeparators() {
        assertThat(Gap.SEPARATOR.allows("2/3", 1, 2)).isTrue();
        assertThat(Gap.SEPARATOR.allows("2 3", 1, 2)).isFalse();
        assertThat(Gap.WORDS.allows("feb. 3", 3, 5)).isTrue();
        assertThat(Gap.WORDS.allows("feb\n3", 3, 4)).isFalse();
        assertThat(Gap.ADDRESS.allows("st.,\napt", 2, 5)).isTrue();
        assertThat(Gap.ADDRESS.allows("st; apt", 2, 4)).isFalse();
    }
}
