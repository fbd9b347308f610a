package org.vigil.ingest.hl7;

import java.util.ArrayList;
import java.util.List;

/** Synthetic HL7 v2 messages for the tests, built segment by segment with fields at their HL7 positions. */
final class Hl7Messages {

    private Hl7Messages() {
    }

    /** A segment with {@code fields[i]} at position i + 1 (MSH: MSH-3 onwards, after the encoding characters). */
    static String segment(String name, String... fields) {
        List<String> parts = new ArrayList<>(List.of(fields));
        return name + "|" + String.join("|", parts);
    }

    static String msh(String type, String controlId, String version) {
        return "MSH|^~\\&|EHR|HOSP|VIGIL|VIGIL|20240305101530||" + type + "|" + controlId + "|P|" + version;
    }

    static String pid(String mrn) {
        return segment("PID", "1", "", mrn.isEmpty() ? "" : mrn + "^^^HOSP^MR~999-00-1111^^^SSA^SS", "", "Doe^Jane", "", "19840229", "F");
    }

    static String pv1(String visit) {
        String[] f = new String[19];
        java.util.Arrays.fill(f, "");
        f[0] = "1";
        f[1] = "I";
        f[18] = visit;
        return segment("PV1", f);
    }

    /** TXA with document type, activity time, originator degree MD, document number, completion and availability status. */
    static String txa(String documentNumber, String availability) {
        return txa(documentNumber, "", availability);
    }

    /** As above, with TXA-13, the parent document a replacement supersedes. */
    static String txa(String documentNumber, String parentDocument, String availability) {
        String[] f = new String[19];
        java.util.Arrays.fill(f, "");
        f[0] = "1";
        f[1] = "PN^Progress note";
        f[2] = "TX";
        f[3] = "20240305100000";
        f[4] = "^Smith^John^^^^MD";
        f[11] = documentNumber;
        f[12] = parentDocument;
        f[16] = "AU";
        f[18] = availability;
        return segment("TXA", f);
    }

    static String obx(int setId, String valueType, String value) {
        return segment("OBX", String.valueOf(setId), valueType, "PN^Progress note", "", value, "", "", "", "", "", "F");
    }

    static String mdm(String event, String controlId, String mrn, String documentNumber, String... obxValues) {
        return mdmOf(event, controlId, mrn, txa(documentNumber, "AV"), obxValues);
    }

    /** An MDM message whose TXA names a parent document (TXA-13) and an availability status (TXA-19). */
    static String mdmOf(String event, String controlId, String mrn, String txa, String... obxValues) {
        List<String> segments = new ArrayList<>(List.of(msh("MDM^" + event + "^MDM_T02", controlId, "2.5.1"),
                segment("EVN", event, "20240305101530"), pid(mrn), pv1("VISIT-88"), txa));
        for (int i = 0; i < obxValues.length; i++) {
            segments.add(obx(i + 1, "TX", obxValues[i]));
        }
        return String.join("\r", segments) + "\r";
    }

    static String oru(String controlId, String mrn) {
        return String.join("\r",
                msh("ORU^R01", controlId, "2.3"),
                pid(mrn),
                pv1("ENC-5"),
                segment("OBR", "1", "PLC-1", "FIL-9", "11488-4^Consult note^LN", "", "", "20240306074500"),
                segment("OBX", "1", "FT", "11488-4^Consult note^LN", "", "Line one\\.br\\Line two\\F\\three", "", "", "", "", "", "F"),
                segment("OBX", "2", "NM", "44261-6^PHQ-9^LN", "", "19", "", "", "", "", "", "F"),
                segment("OBX", "3", "ST", "11488-4", "", "Addendum: safety plan\\T\\crisis line.", "", "", "", "", "", "F")) + "\r";
    }

    /** Invented people: the patient (PID with aliases, address, phones, SSN, licence), a spouse (NK1), two doctors (PV1). */
    static String mdmWithPeople(String controlId) {
        String pid = segment("PID", "1", "", "MRN-7781^^^HOSP^MR~A-55^^^CLINIC^PI", "",
                "Quinlan^Maren^Isolde^Jr^Ms^^L~Brandt^Maren^^^^^M", "Eckert^Liesel", "19870412", "F", "", "",
                "417 Larkspur Way^Apt 3^Brookfield^WI^53005^USA", "",
                "(262)555-0143~^NET^Internet^maren.q@example.org", "^WPN^PH^^1^262^5550199", "", "", "",
                "ACCT-90210", "999-00-1111", "Q4455-1234^WI^20300101");
        String nk1 = segment("NK1", "1", "Quinlan^Tobias", "SPO^Spouse", "417 Larkspur Way^^Brookfield^WI^53005",
                "(262)555-0144", "(262)555-0188");
        String[] v = new String[19];
        java.util.Arrays.fill(v, "");
        v[0] = "1";
        v[1] = "I";
        v[6] = "1234^Okafor^Adaeze^^^Dr^MD";
        v[7] = "5678^Lindqvist^Per";
        v[16] = "1234^Okafor^Adaeze";
        v[18] = "VISIT-90";
        String txa = txa("DOC-31", "AV") + "|||9012^Haddad^Rami^^^^^^^^^^^^20240305";
        return String.join("\r", msh("MDM^T02^MDM_T02", controlId, "2.5.1"), segment("EVN", "T02", "20240305101530"),
                pid, nk1, segment("PV1", v), txa, obx(1, "TX", "Seen with her husband.")) + "\r";
    }

    /** An ORU^R01 in version 2.3 whose OBR names the ordering provider (OBR-16) and the result interpreter (OBR-32). */
    static String oruWithClinicians(String controlId) {
        String[] f = new String[32];
        java.util.Arrays.fill(f, "");
        f[0] = "1";
        f[2] = "FIL-12";
        f[3] = "11488-4^Consult note^LN";
        f[6] = "20240306074500";
        f[15] = "7788^Varga^Tamas";
        f[31] = "3344&Brenner&Ilse";
        return String.join("\r", msh("ORU^R01", controlId, "2.3"), pid("MRN555"), segment("OBR", f),
                segment("OBX", "1", "TX", "11488-4", "", "Consult done.", "", "", "", "", "", "F")) + "\r";
    }

    /** An admission (ADT^A01): no note. */
    static String adt(String controlId) {
        return String.join("\r", msh("ADT^A01^ADT_A01", controlId, "2.5.1"), "EVN|A01|20240305", pid("MRN1"), pv1("VISIT-1")) + "\r";
    }

    /** A lab result of numbers and codes only: no text. */
    static String labResult(String controlId) {
        return String.join("\r", msh("ORU^R01^ORU_R01", controlId, "2.5.1"), pid("MRN1"),
                segment("OBR", "1", "", "LAB-4", "58410-2^CBC^LN", "", "", "20240306074500"),
                segment("OBX", "1", "NM", "718-7^Hemoglobin^LN", "", "13.2", "g/dL", "", "", "", "", "F"),
                segment("OBX", "2", "CE", "882-1^ABO+Rh^LN", "", "A+^A positive", "", "", "", "", "", "F")) + "\r";
    }

    /** An MDM notification without content (T01 original, T05 authentication...). */
    static String mdmNotification(String event, String controlId) {
        return String.join("\r", msh("MDM^" + event + "^MDM_T01", controlId, "2.5.1"), segment("EVN", event, "20240305101530"),
                pid("MRN1"), txa("DOC-5", "AV")) + "\r";
    }

    /** An ORU^R01 whose OBX segments are {@code obx} (set ids, types and values as given). */
    static String oruWith(String controlId, String... obx) {
        List<String> segments = new ArrayList<>(List.of(msh("ORU^R01^ORU_R01", controlId, "2.5.1"), pid("MRN1"),
                segment("OBR", "1", "", "RAD-" + controlId, "18748-4^Diagnostic imaging report^LN", "", "", "20240306074500")));
        segments.addAll(List.of(obx));
        return String.join("\r", segments) + "\r";
    }

    /** OBX of type ED holding {@code data} as type/subtype/encoding (e.g. AP, PDF, Base64). */
    static String ed(int setId, String type, String subtype, String encoding, String data) {
        return segment("OBX", String.valueOf(setId), "ED", "18748-4^Report^LN", "", "^" + type + "^" + subtype + "^" + encoding + "^" + data,
                "", "", "", "", "", "F");
    }
}
