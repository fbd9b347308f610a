package org.vigil.deidentify.recognize;

import org.junit.jupiter.api.Test;
import org.vigil.deidentify.Found;

import static org.assertj.core.api.Assertions.assertThat;

class NameRecognizerTest {

    @Test
    void findsNamesAfterTitlesAndBeforeCredentials() {
        assertThat(Found.by("name", "Seen by Dr. Okafor and Kim Nguyen, LCSW; Mr. John A. Smith's wife"))
                .containsExactly("DOCTOR:Okafor", "DOCTOR:Kim Nguyen", "PATIENT:John A. Smith");
    }

    @Test
    void findsNamesThatAreCommonWordsOnlyWithContext() {
        assertThat(Found.by("name", "Pt's sister Hope called. Will follow up. Hope is important. Brown stool."))
                .containsExactly("PATIENT:Hope", "PATIENT:Hope");
    }

    @Test
    void findsANameThatIsACommonWordInCapitalsBeforeACommaAndARelation() {
        assertThat(Found.by("name", "Spoke with JUNE, his mother, by phone. Called APRIL, pt's sister. "
                + "HOPE (her aunt) visited. Needs help, his mother says. From GRACE, the patient's daughter. "
                + "Son-in-law (WILL) present. Lives with grandmother LIBERTY. The daughter, sadly, left."))
                .containsExactly("PATIENT:JUNE", "PATIENT:APRIL", "PATIENT:HOPE", "PATIENT:GRACE", "PATIENT:WILL",
                        "PATIENT:LIBERTY");
    }

    @Test
    void findsLastCommaFirstInAnyCaseAfterLabels() {
        assertThat(Found.by("name", "Patient: DOE, JANE\nEmergency contact: smith, mary\nSigned by: brown, will"))
                .containsExactly("PATIENT:DOE, JANE", "PATIENT:smith, mary", "DOCTOR:brown, will");
    }

    @Test
    void findsLexiconNamesAndEveryLaterMention() {
        assertThat(Found.by("name", "Jennifer reports poor sleep. Her boyfriend Marcus left. Later JENNIFER cried."))
                .containsExactly("PATIENT:Jennifer", "PATIENT:Marcus", "PATIENT:JENNIFER");
    }

    @Test
    void leavesEponymsAndSentenceStartsAlone() {
        assertThat(Found.by("name", "Parkinson disease. Beck Depression Inventory. May need labs. Grace period."))
                .isEmpty();
    }

    @Test
    void findsANameThatOwnsARelationAndInitialsBeforeAnAgeEvenWhenTheySpellAWord() {
        assertThat(Found.by("name", "Social History: Ivy's husband AARON slapped her. HOPE'S MOTHER called."))
                .containsExactly("PATIENT:Ivy", "PATIENT:AARON", "PATIENT:HOPE");
        assertThat(Found.by("name", "SOCIAL HISTORY: CASH'S HUSBAND SLAPPED HER LAST WEEK. PATIENT'S HUSBAND LEFT "
                + "THE HOUSE AND HAS NOT BEEN BACK SINCE. SHE IS STAYING WITH A FRIEND FOR NOW."))
                .containsExactly("PATIENT:CASH");
        assertThat(Found.by("name", "per rn, rose's husband at bedside. pt's husband and mother's sister left."))
                .containsExactly("PATIENT:rose");
        assertThat(Found.by("name", "B.A. is a 17 yo male.")).containsExactly("PATIENT:B.A");
        assertThat(Found.by("name", "Patient's husband left. Mother's sister visits. The doctor's wife called.")).isEmpty();
    }

    @Test
    void findsLastCommaFirstWhenTheFirstNameIsOutsideTheLexiconButNotACredential() {
        assertThat(Found.by("name", "Patient WALKER, AIKO | MRN: 0093583")).containsExactly("PATIENT:WALKER, AIKO");
        assertThat(Found.by("name", "WALKER, AIKO is a 45 yo F. Pt WALKER, AIKO is here.")).containsExactly(
                "PATIENT:WALKER, AIKO", "PATIENT:WALKER, AIKO");
        assertThat(Found.by("name", "Dressing changed by Hall, RN.")).containsExactly("DOCTOR:Hall");
    }

    @Test
    void findsAFieldValueThatAPipeClosesInAnyCase() {
        assertThat(Found.by("name", "Patient christian grant | MRN 1")).containsExactly("PATIENT:christian grant");
        assertThat(Found.by("name", "Patient reports poor sleep | MRN 1\nPatient reports poor sleep.")).isEmpty();
    }

    @Test
    void findsALoginAfterASignatureLabelEvenWhenItSpellsAWord() {
        assertThat(Found.by("name", "Note written by award; cosigned by Dr. Silva")).containsExactly(
                "USERNAME:award", "DOCTOR:Silva");
        assertThat(Found.by("name", "PT SEEN ON THE UNIT TODAY, CALM AND COOPERATIVE, DENIES SI OR HI, EATING AND "
                + "SLEEPING WELL. NOTE WRITTEN BY AWARD; COSIGNED BY DR. SILVA")).containsExactly(
                "USERNAME:AWARD", "DOCTOR:SILVA");
        assertThat(Found.by("name", "Consent written by hand. Seen by team today.")).isEmpty();
    }

    @Test
    void findsACommonFirstNameAsTheSubjectOfAVerbSaidOfPeople() {
        assertThat(Found.by("name", "Dawn reports wishing she would not wake up. Hope denies SI."))
                .containsExactly("PATIENT:Dawn", "PATIENT:Hope");
        assertThat(Found.by("name", "Mother reports he is calm. Hope is important. May need labs.")).isEmpty();
    }

    @Test
    void findsANameAloneOnTheLineAfterACredential() {
        assertThat(Found.by("name", "Signed,\nLCSW\nHall\n")).containsExactly("DOCTOR:Hall");
        assertThat(Found.by("name", "Seen by RN\nMay 5 follow up")).isEmpty();
    }

    @Test
    void keepsPossessiveOutsideTheSpan() {
        assertThat(Found.by("name", "Dr. Okafor's note")).containsExactly("DOCTOR:Okafor");
    }

    @Test
    void findsHyphenatedAndApostropheSurnamesAfterATitleWholeEvenAcrossALineWrap() {
        String text = "via Dr.\nSmith-Jones. Seen by Dr. O'Brien and Mr. McDonald-Reyes.";
        assertThat(Found.by("name", text))
                .containsExactly("DOCTOR:Smith-Jones", "DOCTOR:O'Brien", "PATIENT:McDonald-Reyes");
        assertThat(Found.offsetsBy("name", text)).containsExactly("DOCTOR:8-19", "DOCTOR:33-40", "PATIENT:49-63");
    }

    @Test
    void carriesANameAcrossALineBreakOnlyAfterAWrittenTitle() {
        assertThat(Found.by("name", "Seen by Dr. Okafor today\nPlan: Follow up. Met with her coach.\nDenies SI. "
                + "On probation, PO\nBlack (398)704-0520.")).containsExactly("DOCTOR:Okafor", "PATIENT:Black");
    }

    @Test
    void findsLastCommaFirstInCapitalsAfterALabelInAHeaderAndNamesWithParticlesBeforeAnAge() {
        String text = "Bed 6W-28 Patient FOX, HEATHER | MRN: 526-43-15\nDischarge Summary for gary de la cruz, 24 yo";
        assertThat(Found.by("name", text)).containsExactly("PATIENT:FOX, HEATHER", "PATIENT:gary de la cruz");
        assertThat(Found.offsetsBy("name", text)).containsExactly("PATIENT:18-30", "PATIENT:70-85");
    }

    @Test
    void findsInitialsWithALowerCaseSecondLetter() {
        assertThat(Found.by("name", "punched him on Sunday. G.d. is a 24 yo male")).containsExactly("PATIENT:G.d");
        assertThat(Found.by("name", "Take 2 tabs. N.b. the dose; see E.g. above")).isEmpty();
    }

    @Test
    void takesAnApostropheSurnameOnlyWithANameAfterTheApostrophe() {
        assertThat(Found.by("name", "seen by dr. o'connell and dr. d'angelo"))
                .containsExactly("DOCTOR:o'connell", "DOCTOR:d'angelo");
        for (String text : new String[] {"pt d/c'd home", "dr. c'd the foley", "mr. o'd today", "seen by dr. i'll",
                "pt's wife", "dr. we've seen"}) {
            assertThat(Found.by("name", text)).as(text).isEmpty();
        }
    }

    @Test
    void readsANameWithDigitsAppendedInANamePositionEvenAcrossALineBreak() {
        String text = "# History of Present Illness\nSumiko254 Larue605\n is a 60 year-old nonhispanic white female.";
        assertThat(Found.by("name", text)).containsExactly("PATIENT:Sumiko254 Larue605");
        assertThat(Found.by("name", "Seen by Dr. Okafor812 today")).containsExactly("DOCTOR:Okafor812");
        // A first name that is also a word, or a name that is also a stop word, with two digits or more appended.
        assertThat(Found.by("name", "# History of Present Illness\nRocky100\n is a 61 year-old male."))
                .containsExactly("PATIENT:Rocky100");
        assertThat(Found.by("name", "# History of Present Illness\nAn125 Nguyen\n is a 44 year-old female."))
                .containsExactly("PATIENT:An125 Nguyen");
    }

    @Test
    void takesNoLabCodeDrugOrUnitWithDigitsForAName() {
        for (String text : new String[] {"B12 is a 12 yo marker", "D5W is a 5 % solution", "G6PD is a 2 fold",
                "CD4 is a 350 count", "Covid19 is a 19 yo virus", "T4 is a 4 yo", "A1c is a 7 yo",
                "Vitamin12 is a 12 yo", "pt on B12 and D5W, CD4 350, T4 1.2, A1c 7.1, Covid19 neg",
                "Room12 is a 2 bed room", "Day14 is a 14 day mark", "Ward12 is a 30 bed ward", "At12 is a 1 yo"}) {
            assertThat(Found.by("name", text)).as(text).isEmpty();
        }
    }
}
