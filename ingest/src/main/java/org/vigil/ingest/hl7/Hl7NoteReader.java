package org.vigil.ingest.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.Varies;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.GenericParser;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.preparser.PreParser;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import org.vigil.ingest.Admission;
import org.vigil.ingest.ClinicalTime;
import org.vigil.ingest.IdentifierSet;
import org.vigil.ingest.NoteDraft;
import org.vigil.ingest.RejectReason;
import org.vigil.ingest.SourceRecord;

import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns HL7 v2 messages, parsed with HAPI HL7v2 into v2.5.1 structures whatever their version, into notes:
 * MDM T02/T04/T06/T08/T10 (TXA with document content; T11 and TXA-19 = CA are cancellations) and ORU^R01,
 * whose OBX segments of type TX, FT or ST are joined in order. PID-3 (type MR first) is the patient, PV1-19 the
 * encounter, TXA-12 (MDM) or OBR-3/OBR-2 (ORU) the note id, TXA-4/TXA-6/OBR-7/MSH-7 the time; the people the
 * message names become the note's known identifiers ({@link Hl7Identifiers}).
 */
public final class Hl7NoteReader {

    public static final String ADAPTER = "hl7";

    private static final Set<String> MDM_WITH_CONTENT = Set.of("T02", "T04", "T06", "T08", "T10");
    private static final Set<String> TEXT_TYPES = Set.of("TX", "FT", "ST");
    // FT formatting commands and highlighting that HAPI leaves in the value after unescaping.
    private static final Pattern LINE_BREAK = Pattern.compile("\\\\\\.(br|sp\\d*)\\\\");
    private static final Pattern FORMATTING = Pattern.compile("\\\\(\\.(fi|nf|ce|in[+-]?\\d+|ti[+-]?\\d+|sk\\d*)|H|N)\\\\");

    private final Admission admission;
    private final ClinicalTime time;
    private final String adapter;
    private final HapiContext context;

    public Hl7NoteReader(Admission admission, ClinicalTime time, String adapter) {
        this.admission = admission;
        this.time = time;
        this.adapter = adapter;
        this.context = newContext();
    }

    /** A HAPI context that parses every version into v2.5.1 structures and leaves validation to this reader. */
    public static HapiContext newContext() {
        HapiContext context = new QuietContext();
        context.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        context.setValidationContext(ValidationContextFactory.noValidation());
        // HAPI's default numbers acknowledgements from a file named id_file in the working directory; a stage must
        // not write where it happens to be started. Control ids of our ACKs need only be unique per run.
        context.getParserConfiguration().setIdGenerator(new ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator());
        return context;
    }

    /**
     * A HAPI context whose generic parser (the one HAPI's MLLP server uses) replaces a parse error's message, which
     * can quote the start of the message, by its error code and location: HAPI logs that message and sends it
     * back in the negative acknowledgement, and neither may carry PHI.
     */
    private static final class QuietContext extends DefaultHapiContext {
        private GenericParser parser;

        @Override
        public synchronized GenericParser getGenericParser() {
            if (parser == null) {
                parser = new GenericParser(this) {
                    @Override
                    public Message parse(String message) throws HL7Exception {
                        try {
                            return super.parse(message);
                        } catch (HL7Exception e) {
                            HL7Exception quiet = new HL7Exception("Unparseable HL7 v2 message (" + e.getError().name()
                                    + (e.getLocation() != null && e.getLocation().getSegmentName() != null ? " at " + e.getLocation() : "")
                                    + ")", e.getError());
                            quiet.setLocation(e.getLocation());
                            throw quiet;
                        } catch (RuntimeException e) {
                            throw new HL7Exception("Unparseable HL7 v2 message (" + e.getClass().getSimpleName() + ")",
                                    ca.uhn.hl7v2.ErrorCode.APPLICATION_INTERNAL_ERROR);
                        }
                    }
                };
            }
            return parser;
        }
    }

    /** The outcome for one message: the record to publish, and the parsed message when parsing worked. */
    public record Read(SourceRecord record, Optional<Message> message) {
    }

    /** Parses one ER7 (pipe-delimited) message and reads it; {@code where} prefixes the location ("file:line"). */
    public Read read(String er7, String where) {
        String normalized = er7.strip().replace("\r\n", "\r").replace('\n', '\r');
        String location = location(where, controlId(normalized));
        Message message;
        try {
            PipeParser parser = context.getPipeParser();
            message = parser.parse(normalized);
        } catch (HL7Exception | RuntimeException e) {
            return new Read(malformed(e, location), Optional.empty());
        }
        return new Read(read(message, where), Optional.of(message));
    }

    /** The MSH-10 control id of a raw message, read without a full parse; empty when even that fails. */
    public static String controlId(String er7) {
        try {
            String[] fields = PreParser.getFields(er7.strip().replace("\r\n", "\r").replace('\n', '\r'), "MSH-10");
            return fields.length > 0 && fields[0] != null ? fields[0] : "";
        } catch (HL7Exception | RuntimeException e) {
            return "";
        }
    }

    public static String location(String where, String controlId) {
        String control = controlId.isEmpty() ? "MSH-10 unknown" : "MSH-10=" + controlId;
        return where.isEmpty() ? control : where + " " + control;
    }

    /** A rejection for a message HAPI refused: only the error code and location in the message are kept. */
    public static SourceRecord malformed(Exception e, String location) {
        String detail = e instanceof HL7Exception h
                ? "The HL7 v2 message cannot be parsed (" + h.getError().name()
                + (h.getLocation() != null && h.getLocation().getSegmentName() != null ? " at " + h.getLocation() : "") + ")"
                : "The HL7 v2 message cannot be parsed (" + e.getClass().getSimpleName() + ")";
        return SourceRecord.rejected(RejectReason.MALFORMED_HL7, detail, location);
    }

    /** Reads an already parsed message (as HAPI's MLLP server hands it over). */
    public SourceRecord read(Message message, String where) {
        String location = where;
        try {
            Segment msh = (Segment) message.get("MSH");
            location = location(where, Terser.get(msh, 10, 0, 1, 1));
            String type = value(msh, 9, 1);
            String event = value(msh, 9, 2);
            Optional<Segment> txa = find(message, "TXA");
            Optional<Segment> obr = find(message, "OBR");
            NoteDraft draft = new NoteDraft(adapter, location);
            String when;
            if (type.equals("MDM")) {
                if (event.equals("T11") || txa.map(s -> value(s, 19, 1)).orElse("").equals("CA")) {
                    return SourceRecord.rejected(RejectReason.NOTE_CANCELLED,
                            "The sender cancelled the document (MDM^" + event + ")", location);
                }
                if (!MDM_WITH_CONTENT.contains(event)) {
                    return SourceRecord.rejected(RejectReason.UNSUPPORTED_MESSAGE,
                            "MDM^" + event + " carries no document content", location);
                }
                if (txa.isEmpty()) {
                    return SourceRecord.rejected(RejectReason.MALFORMED_HL7, "The MDM message has no TXA segment", location);
                }
                Segment t = txa.get();
                draft.sourceNoteId(value(t, 12, 1)).noteType(value(t, 2, 1)).authorRole(professionalSuffix(t, 5));
                when = first(value(t, 4, 1), value(t, 6, 1), value(msh, 7, 1));
            } else if (type.equals("ORU") && event.equals("R01")) {
                draft.sourceNoteId(first(obr.map(s -> value(s, 3, 1)).orElse(""), obr.map(s -> value(s, 2, 1)).orElse(""),
                                value(msh, 10, 1)))
                        .noteType(obr.map(s -> first(value(s, 4, 2), value(s, 4, 1))).orElse(""));
                when = first(obr.map(s -> value(s, 7, 1)).orElse(""), value(msh, 7, 1));
            } else {
                return SourceRecord.rejected(RejectReason.UNSUPPORTED_MESSAGE,
                        "A " + type + "^" + event + " message carries no note; MDM and ORU^R01 do", location);
            }
            find(message, "PID").ifPresent(pid -> {
                draft.patientId(patientId(pid));
                draft.attribute("sex", value(pid, 8, 1));
                String birth = value(pid, 7, 1);
                if (birth.length() >= 8) {
                    draft.attribute("birthDate", birth.substring(0, 4) + "-" + birth.substring(4, 6) + "-" + birth.substring(6, 8));
                }
            });
            find(message, "PV1").ifPresent(pv1 -> draft.encounterId(value(pv1, 19, 1)));
            IdentifierSet identifiers = new IdentifierSet();
            Hl7Identifiers.read(message, identifiers);
            draft.identifiers(identifiers.toList());
            draft.text(text(message)).contentType("application/hl7-v2");
            try {
                draft.authoredAt(time.parse(when));
            } catch (DateTimeParseException e) {
                return SourceRecord.rejected(RejectReason.INVALID_TIMESTAMP, "The note's time matches no HL7 timestamp format", location);
            }
            return admission.admit(draft);
        } catch (HL7Exception | RuntimeException e) {
            return malformed(e, location);
        }
    }

    /** PID-3: the identifier of type MR, else the first one. */
    private static String patientId(Segment pid) {
        try {
            Type[] ids = pid.getField(3);
            for (int i = 0; i < ids.length; i++) {
                if ("MR".equals(Terser.get(pid, 3, i, 5, 1))) {
                    return nullToEmpty(Terser.get(pid, 3, i, 1, 1));
                }
            }
            return value(pid, 3, 1);
        } catch (HL7Exception e) {
            return "";
        }
    }

    /** XCN professional suffix (component 21, e.g. MD, RN), else degree (component 7): a role, not a name. */
    private static String professionalSuffix(Segment segment, int field) {
        return first(value(segment, field, 21), value(segment, field, 7));
    }

    /** The text of every OBX of type TX, FT or ST, in message order, repetitions and segments on separate lines. */
    private static String text(Message message) throws HL7Exception {
        List<Segment> obx = new ArrayList<>();
        collect(message, "OBX", obx);
        StringBuilder text = new StringBuilder();
        for (Segment segment : obx) {
            if (!TEXT_TYPES.contains(value(segment, 2, 1))) {
                continue;
            }
            for (Type repetition : segment.getField(5)) {
                Type data = repetition instanceof Varies v ? v.getData() : repetition;
                String value = data instanceof ca.uhn.hl7v2.model.Primitive p ? nullToEmpty(p.getValue()) : data.encode();
                if (text.length() > 0) {
                    text.append('\n');
                }
                text.append(FORMATTING.matcher(LINE_BREAK.matcher(value).replaceAll("\n")).replaceAll(""));
            }
        }
        return text.toString();
    }

    private static Optional<Segment> find(Group group, String name) throws HL7Exception {
        return segments(group, name).stream().findFirst();
    }

    /** The non-empty segments named {@code name} anywhere in {@code group}, in message order. */
    static List<Segment> segments(Group group, String name) throws HL7Exception {
        List<Segment> found = new ArrayList<>();
        collect(group, name, found);
        return found;
    }

    private static void collect(Group group, String name, List<Segment> found) throws HL7Exception {
        for (String child : group.getNames()) {
            for (Structure structure : group.getAll(child)) {
                if (structure instanceof Segment s && s.getName().equals(name) && !s.isEmpty()) {
                    found.add(s);
                } else if (structure instanceof Group g) {
                    collect(g, name, found);
                }
            }
        }
    }

    private static String value(Segment segment, int field, int component) {
        try {
            return nullToEmpty(Terser.get(segment, field, 0, component, 1)).strip();
        } catch (HL7Exception e) {
            return "";
        }
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "";
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
