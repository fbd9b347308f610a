package org.vigil.deidentify.operate;

/**
 * What the operators need to know about the note's patient: the key that makes surrogates consistent for that
 * patient, the patient's date shift, and the year partial dates ("3/14") are read in.
 */
public record PatientScope(String patientKey, int shiftDays, int referenceYear) {
}
