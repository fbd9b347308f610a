package org.vigil.deidentify;

import org.vigil.deidentify.operate.DateShift;
import org.vigil.deidentify.operate.DeidKey;
import org.vigil.runtime.secret.KeyedHash;
import org.vigil.deidentify.operate.Operator;
import org.vigil.deidentify.operate.PatientScope;
import org.vigil.deidentify.operate.Pseudonyms;
import org.vigil.deidentify.operate.SurrogateOperator;
import org.vigil.deidentify.operate.TagOperator;
import org.vigil.deidentify.recognize.NoteText;
import org.vigil.deidentify.recognize.Recognizer;
import org.vigil.deidentify.recognize.RecordRecognizer;
import org.vigil.deidentify.resolve.Resolver;
import org.vigil.deidentify.text.PhiCategory;
import org.vigil.deidentify.text.PhiSpan;
import org.vigil.deidentify.text.PhiType;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The de-identification engine, free of Kafka: recognizers find candidates, the resolver merges them, an operator
 * replaces each. Anything it cannot do with certainty (a recognizer throws, the time budget runs out, the input is
 * too large or not valid text) is a {@link DeidResult.Failed} with a reason code, never a partly cleaned text.
 * Thread-safe; one instance serves a whole stage.
 */
public final class Deidentifier {

    /** The year partial dates are read in when a note's own date is unknown. */
    public static final int DEFAULT_REFERENCE_YEAR = 2000;

    private final Ruleset rules;
    private final DeidOptions options;
    private final Pseudonyms pseudonyms;
    private final DateShift dateShift;
    private final Operator operator;
    private final Resolver resolver = new Resolver();
    private final List<Recognizer> recognizers;
    private final RecordRecognizer.Words recordWords;

    public Deidentifier(Ruleset rules, DeidKey key, DeidOptions options) {
        this.rules = rules;
        this.options = options;
        KeyedHash hash = key.keyedHash();
        this.pseudonyms = new Pseudonyms(hash);
        this.dateShift = new DateShift(hash, options.dateShiftMaxDays(), options.preserveWeekday());
        this.operator = options.mode() == DeidMode.TAG ? new TagOperator() : new SurrogateOperator(hash, dateShift, rules);
        List<Recognizer> all = new ArrayList<>(rules.recognizers());
        if (options.safeList()) {
            all.add(rules.safeList());
        }
        this.recognizers = List.copyOf(all);
        this.recordWords = RecordRecognizer.Words.of(rules);
    }

    public DeidResult deidentify(String text, String patientKey) {
        return deidentify(text, patientKey, DEFAULT_REFERENCE_YEAR);
    }

    /**
     * De-identifies one note of one patient.
     *
     * @param patientKey    the patient's id in the source system: surrogates and the date shift are keyed on it
     * @param referenceYear the year of the note, for dates written without one
     */
    public DeidResult deidentify(String text, String patientKey, int referenceYear) {
        return deidentify(text, patientKey, referenceYear, List.of());
    }

    /**
     * De-identifies one note of one patient, also removing every mention of the identifiers its structured record
     * names ({@code known}: names, ids, phones, address, birth date...). A note without any goes through exactly the
     * shared recognizers, as the overloads without them do.
     */
    public DeidResult deidentify(String text, String patientKey, int referenceYear, List<RecordIdentifier> known) {
        Objects.requireNonNull(known, "known");
        if (text.length() > options.maxNoteChars()) {
            return new DeidResult.Failed(ReasonCode.OVERSIZE, "note of " + text.length()
                    + " characters exceeds the limit of " + options.maxNoteChars());
        }
        char[] chars = text.toCharArray();
        String invalid = invalidText(chars);
        if (invalid != null) {
            return new DeidResult.Failed(invalid.startsWith("binary") ? ReasonCode.UNSUPPORTED_INPUT
                    : ReasonCode.INVALID_ENCODING, invalid);
        }
        NoteText note = new NoteText(text, chars, options.timeoutMillis());
        String current = "tokenizer";
        try {
            List<PhiSpan> candidates = new ArrayList<>();
            for (Recognizer r : recognizers) {
                current = r.name();
                r.recognize(note, candidates);
                note.checkDeadline();
            }
            if (!known.isEmpty()) {
                // Built per note (the values differ per note), and run last: it sees the others' candidates, so a
                // find inside a longer one of another kind is left to that one.
                current = RecordRecognizer.NAME;
                RecordRecognizer.of(known, recordWords).recognize(note, candidates);
                note.checkDeadline();
            }
            current = "resolver";
            List<PhiSpan> spans = resolver.resolve(candidates);
            current = "operator";
            PatientScope scope = new PatientScope(patientKey, dateShift.days(patientKey), referenceYear);
            StringBuilder out = new StringBuilder(text.length() + 64);
            int[] perCategory = new int[CATEGORIES.length];
            // A replacement depends only on the type, the words and the patient: a name repeated in the note is
            // hashed once. Looked up and stored by hand: computeIfAbsent would take a capturing lambda per span.
            Map<Mention, String> replaced = new HashMap<>();
            int at = 0;
            for (int k = 0, size = spans.size(); k < size; k++) {
                PhiSpan span = spans.get(k);
                out.append(text, at, span.start());
                String original = text.substring(span.start(), span.end());
                Mention mention = new Mention(span.type(), original);
                String replacement = replaced.get(mention);
                if (replacement == null) {
                    replacement = operator.replace(span, original, scope);
                    replaced.put(mention, replacement);
                }
                out.append(replacement);
                perCategory[span.category().ordinal()]++;
                at = span.end();
            }
            out.append(text, at, text.length());
            Map<PhiCategory, Integer> counts = new EnumMap<>(PhiCategory.class);
            for (int c = 0; c < CATEGORIES.length; c++) {
                if (perCategory[c] > 0) {
                    counts.put(CATEGORIES[c], perCategory[c]);
                }
            }
            note.checkDeadline();
            return new DeidResult.Clean(out.toString(), spans, counts);
        } catch (NoteTimeoutException e) {
            return new DeidResult.Failed(ReasonCode.TIMEOUT, "time budget of " + options.timeoutMillis()
                    + " ms spent in " + current);
        } catch (RuntimeException | StackOverflowError e) {
            // The exception's message may quote note text: only its class goes into the reason.
            return new DeidResult.Failed(ReasonCode.RECOGNIZER_FAILED, current + " failed with "
                    + e.getClass().getSimpleName());
        }
    }

    private static final PhiCategory[] CATEGORIES = PhiCategory.values();

    private record Mention(PhiType type, String text) {
        // Written out: a record's generated equals and hashCode go through method handles, and these run for
        // every identifier of every note.
        @Override
        public boolean equals(Object o) {
            return o instanceof Mention m && m.type == type && m.text.equals(text);
        }

        @Override
        public int hashCode() {
            return 31 * type.ordinal() + text.hashCode();
        }
    }

    /** Why the text is not valid input, or null: U+FFFD from malformed UTF-8, unpaired surrogates, binary bytes. */
    static String invalidText(String text) {
        return invalidText(text.toCharArray());
    }

    static String invalidText(char[] text) {
        int controls = 0;
        boolean afterHigh = false;
        // A counted loop over an array (a low surrogate is accepted by the flag its high one sets, not by skipping
        // it), so the compiler drops the bounds checks: this pass reads every character of every note.
        for (int i = 0; i < text.length; i++) {
            char c = text[i];
            if (c >= 0x20 && c < 0xD800) {
                continue;
            }
            if (c == '\uFFFD') {
                return "text holds U+FFFD at offset " + i + ": the source bytes were not valid UTF-8";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length || !Character.isLowSurrogate(text[i + 1])) {
                    return "unpaired UTF-16 surrogate at offset " + i;
                }
                afterHigh = true;
            } else if (Character.isLowSurrogate(c)) {
                if (!afterHigh) {
                    return "unpaired UTF-16 surrogate at offset " + i;
                }
                afterHigh = false;
            } else if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')) {
                controls++;
            }
        }
        if (controls > 0) {
            return "binary content: " + controls + " control characters (attachments are not forwarded)";
        }
        return null;
    }

    public Pseudonyms pseudonyms() {
        return pseudonyms;
    }

    /** The patient's date shift in days (for the note's own date). */
    public int shiftDays(String patientKey) {
        return dateShift.days(patientKey);
    }

    public String rulesetVersion() {
        return rules.version();
    }

    public DeidOptions options() {
        return options;
    }
}
