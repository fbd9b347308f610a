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
import org.vigil.ingest.PdfText;
import org.vigil.ingest.RejectReason;
import org.vigil.ingest.SourceLocation;
import org.vigil.ingest.SourceRecord;
import org.vigil.schemas.NoteLifecycle;

import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns HL7 v2 messages, parsed with HAPI HL7v2 into v2.5.1 structures whatever their version, into notes:
 * MDM T02/T04/T06/T08/T10 (TXA with document content; TXA-13 names the document a replacement supersedes, TXA-19 = OB
 * marks an obsolete one; T11 and TXA-19 = CA are cancellations, which withdraw the document) and ORU^R01,
 * whose OBX segments of type TX, FT or ST, and ED carrying a base64 PDF (its text layer, {@link PdfText}), are
 * joined in order. PID-3 (type MR first) is the patient, PV1-19 the encounter, TXA-12 (MDM) or OBR-3/OBR-2 (ORU)
 * the note id, TXA-4/TXA-6/OBR-7/MSH-7 the time; the people the message names become the note's known
 * identifiers ({@link Hl7Identifiers}).
 *
 * <p>Most of a hospital's feed carries no note: ADT and other message types, ORU^R01 results without text, MDM
 * notifications without content (T01/T03/T05/T07/T09). Those are {@link SourceRecord.Skipped skipped}, or, with
 * {@link WithoutNote#DEAD_LETTER}, dead-lettered as they used to be. Malformed messages are dead-lettered either way.
 */
public final class Hl7NoteReader {

    public static final String ADAPTER = "hl7";

    /** What becomes of a well-formed message that carries no note. */
    public enum WithoutNote {
        /** Acknowledged and counted by message type, sent nowhere. */
        SKIP,
        /** Dead-lettered (UNSUPPORTED_MESSAGE, or EMPTY_NOTE for a result without text), as before skipping existed. */
        DEAD_LETTER
    }

    private static final Set<String> MDM_WITH_CONTENT = Set.of("T02", "T04", "T06", "T08", "T10");
    // MDM events that announce a document's status change without its content (HL7 v2.5.1 chapter 9.6).
    private static final Set<String> MDM_NOTIFICATIONS = Set.of("T01", "T03", "T05", "T07", "T09");
    private static final Set<String> TEXT_TYPES = Set.of("TX", "FT", "ST");
    private static final String ENCAPSULATED = "ED";
    // Declared ED type codes quoted in a dead letter: short codes only, never free text.
    private static final Pattern DECLARED_CODE = Pattern.compile("[A-Za-z0-9.+-]{1,20}");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    // FT formatting commands and highlighting that HAPI leaves in the value after unescaping.
    private static final Pattern LINE_BREAK = Pattern.compile("\\\\\\.(br|sp\\d*)\\\\");
    private static final Pattern FORMATTING = Pattern.compile("\\\\(\\.(fi|nf|ce|in[+-]?\\d+|ti[+-]?\\d+|sk\\d*)|H|N)\\\\");

    private final Admission admission;
    private final ClinicalTime time;
    private final String adapter;
    private final WithoutNote withoutNote;
    private final PdfText pdf;
    private final HapiContext context;

    /** A reader that skips messages without a note and reads PDFs within the default limits. */
    public Hl7NoteReader(Admission admission, ClinicalTime time, String adapter) {
        this(admission, time, adapter, WithoutNote.SKIP, PdfText.defaults(admission));
    }

    public Hl7NoteReader(Admission admission, ClinicalTime time, String adapter, WithoutNote withoutNote, PdfText pdf) {
        this.admission = admission;
        this.time = time;
        this.adapter = adapter;
        this.withoutNote = withoutNote;
        this.pdf = pdf;
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
        // HAPI's default executor is one JVM-wide pool that closing any context shuts down: a second MLLP listener
        // or client in the same JVM (the demo, tests) would then refuse every connection. One pool per context.
        context.setExecutorService(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "vigil-hl7");
            t.setDaemon(true);
            return t;
        }));
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

    /** As {@link #read(String, SourceLocation)}, under a location that identifies no one ("http:7"). */
    public Read read(String er7, String where) {
        return read(er7, SourceLocation.label(where));
    }

    /** Parses one ER7 (pipe-delimited) message and reads it; {@code where} prefixes the location ("file:line"). */
    public Read read(String er7, SourceLocation where) {
        String normalized = er7.strip().replace("\r\n", "\r").replace('\n', '\r');
        SourceLocation location = location(where, controlId(normalized));
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

    /** Where a message was, by its control id: a sender's message number, which names no one. */
    public static SourceLocation location(SourceLocation where, String controlId) {
        return where.then(controlId.isEmpty() ? "MSH-10 unknown" : "MSH-10=" + controlId);
    }

    /** A rejection for a message HAPI refused: only the error code and location in the message are kept. */
    public static SourceRecord malformed(Exception e, SourceLocation location) {
        String detail = e instanceof HL7Exception h
                ? "The HL7 v2 message cannot be parsed (" + h.getError().name()
                + (h.getLocation() != null && h.getLocation().getSegmentName() != null ? " at " + h.getLocation() : "") + ")"
                : "The HL7 v2 message cannot be parsed (" + e.getClass().getSimpleName() + ")";
        return SourceRecord.rejected(RejectReason.MALFORMED_HL7, detail, location);
    }

    /** Reads an already parsed message (as HAPI's MLLP server hands it over). */
    public SourceRecord read(Message message, String where) {
        return read(message, SourceLocation.label(where));
    }

    /** Reads an already parsed message under {@code where} ("file:line", "mllp"). */
    public SourceRecord read(Message message, SourceLocation where) {
        SourceLocation location = where;
        try {
            Segment msh = (Segment) message.get("MSH");
            location = location(where, Terser.get(msh, 10, 0, 1, 1));
            String type = value(msh, 9, 1);
            String event = value(msh, 9, 2);
            Optional<Segment> txa = find(message, "TXA");
            Optional<Segment> obr = find(message, "OBR");
            if (type.isEmpty()) {
                return SourceRecord.rejected(RejectReason.MALFORMED_HL7, "MSH-9 names no message type", location);
            }
            NoteDraft draft = new NoteDraft(adapter, location);
            String when;
            if (type.equals("MDM")) {
                String availability = txa.map(s -> value(s, 19, 1)).orElse("");
                boolean cancelled = event.equals("T11") || availability.equals("CA");
                if (!cancelled && MDM_NOTIFICATIONS.contains(event)) {
                    return withoutNote(type, event, "MDM^" + event + " carries no document content", location);
                }
                if (!cancelled && !MDM_WITH_CONTENT.contains(event)) {
                    return SourceRecord.rejected(RejectReason.UNSUPPORTED_MESSAGE,
                            "MDM^" + event + " carries no document content", location);
                }
                if (txa.isEmpty()) {
                    return SourceRecord.rejected(RejectReason.MALFORMED_HL7, "The MDM message has no TXA segment", location);
                }
                Segment t = txa.get();
                draft.sourceNoteId(value(t, 12, 1)).noteType(value(t, 2, 1)).authorRole(professionalSuffix(t, 5));
                if (cancelled) {
                    draft.lifecycle(NoteLifecycle.WITHDRAWN);
                } else {
                    // TXA-13, the parent document: a T10 replacement (or a T08 edit under a new number) supersedes it.
                    draft.replaces(value(t, 13, 1));
                    if (draft.lifecycle() == NoteLifecycle.CURRENT && availability.equals("OB")) {
                        draft.lifecycle(NoteLifecycle.SUPERSEDED);
                    }
                }
                when = first(value(t, 4, 1), value(t, 6, 1), value(msh, 7, 1));
            } else if (type.equals("ORU") && event.equals("R01")) {
                draft.sourceNoteId(first(obr.map(s -> value(s, 3, 1)).orElse(""), obr.map(s -> value(s, 2, 1)).orElse(""),
                                value(msh, 10, 1)))
                        .noteType(obr.map(s -> first(value(s, 4, 2), value(s, 4, 1))).orElse(""));
                when = first(obr.map(s -> value(s, 7, 1)).orElse(""), value(msh, 7, 1));
            } else {
                return withoutNote(type, event, "A " + type + "^" + event + " message carries no note; MDM and ORU^R01 do", location);
            }
            // A cancellation withdraws the stored note; its content, if sent, is not read.
            Body body = draft.lifecycle() == NoteLifecycle.WITHDRAWN ? new Text("", 0, false) : body(message);
            if (body instanceof Unreadable unreadable) {
                return SourceRecord.rejected(unreadable.reason(), unreadable.detail(), location);
            }
            Text text = (Text) body;
            if (type.equals("ORU") && text.parts() == 0 && withoutNote == WithoutNote.SKIP) {
                // A result of values (NM, CE, SN...) with no text: most of a lab feed. Dead-letter mode goes on to
                // admission, which refuses it as EMPTY_NOTE, as before.
                return new SourceRecord.Skipped(type, event,
                        "An ORU^R01 without text results (OBX of type TX, FT, ST or ED) carries no note", location);
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
            draft.text(text.text()).contentType(text.pdf() ? "application/pdf" : "application/hl7-v2");
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

    private SourceRecord withoutNote(String type, String event, String detail, SourceLocation location) {
        return withoutNote == WithoutNote.SKIP ? new SourceRecord.Skipped(type, event, detail, location)
                : SourceRecord.rejected(RejectReason.UNSUPPORTED_MESSAGE, detail, location);
    }

    /** The note's content read from the OBX segments, or why it cannot be read. */
    private sealed interface Body permits Text, Unreadable {
    }

    /** The text, how many OBX segments or values are text (TX, FT, ST, PDF), and whether a PDF was among them. */
    private record Text(String text, int parts, boolean pdf) implements Body {
    }

    private record Unreadable(RejectReason reason, String detail) implements Body {
    }

    /**
     * The text of every OBX of type TX, FT or ST, and the text layer of every ED holding a base64 PDF, in message
     * order, repetitions and segments on separate lines. Other encapsulated data (images, RTF) is left out; a
     * message holding only such data is refused, not skipped, since it may be a document ingest cannot read.
     */
    private Body body(Message message) throws HL7Exception {
        List<Segment> obx = new ArrayList<>();
        collect(message, "OBX", obx);
        StringBuilder text = new StringBuilder();
        int parts = 0;
        boolean anyPdf = false;
        Optional<String> otherData = Optional.empty();
        for (Segment segment : obx) {
            String valueType = value(segment, 2, 1);
            if (TEXT_TYPES.contains(valueType)) {
                // A text result counts even when blank: the sender meant a note, so admission refuses it as empty.
                parts++;
                for (Type repetition : segment.getField(5)) {
                    Type data = repetition instanceof Varies v ? v.getData() : repetition;
                    String value = data instanceof ca.uhn.hl7v2.model.Primitive p ? nullToEmpty(p.getValue()) : data.encode();
                    append(text, FORMATTING.matcher(LINE_BREAK.matcher(value).replaceAll("\n")).replaceAll(""));
                }
            } else if (valueType.equals(ENCAPSULATED)) {
                for (int rep = 0; rep < segment.getField(5).length; rep++) {
                    Encapsulated ed = new Encapsulated(component(segment, rep, 2), component(segment, rep, 3),
                            component(segment, rep, 4), component(segment, rep, 5));
                    if (!ed.base64()) {
                        otherData = Optional.of(ed.declared());
                        continue;
                    }
                    if (ed.data().length() / 4L * 3 > pdf.maxBytes()) {
                        return new Unreadable(RejectReason.OVERSIZE, "OBX-5 encapsulated data has about "
                                + ed.data().length() / 4L * 3 + " bytes; the PDF limit is " + pdf.maxBytes());
                    }
                    byte[] bytes;
                    try {
                        // Strict, once line breaks a sender may have escaped into the data are gone.
                        bytes = Base64.getDecoder().decode(WHITESPACE.matcher(ed.data()).replaceAll(""));
                    } catch (IllegalArgumentException e) {
                        return new Unreadable(RejectReason.MALFORMED_HL7, "OBX-5 encapsulated data is not valid Base64");
                    }
                    if (!PdfText.isPdf(bytes)) {
                        otherData = Optional.of(ed.declared());
                        continue;
                    }
                    PdfText.Extraction extraction = pdf.extract(bytes);
                    if (extraction instanceof PdfText.Refused refused) {
                        return new Unreadable(refused.reason(), refused.detail());
                    }
                    append(text, ((PdfText.Extracted) extraction).text());
                    parts++;
                    anyPdf = true;
                }
            }
        }
        if (parts == 0 && otherData.isPresent()) {
            return new Unreadable(RejectReason.UNSUPPORTED_CONTENT_TYPE, "OBX-5 encapsulated data (" + otherData.get()
                    + ") is not a base64 PDF; only PDF and TX, FT, ST text are read");
        }
        return new Text(text.toString(), parts, anyPdf);
    }

    /** One OBX-5 ED value: type of data, subtype, encoding and the data itself. */
    private record Encapsulated(String type, String subtype, String encoding, String data) {
        boolean base64() {
            return encoding.equalsIgnoreCase("Base64") || encoding.equalsIgnoreCase("B64");
        }

        /** The declared type, subtype and encoding as codes, for a dead letter. */
        String declared() {
            return String.join("/", List.of(type, subtype, encoding).stream()
                    .map(c -> c.isEmpty() ? "-" : DECLARED_CODE.matcher(c).matches() ? c : "?").toList());
        }
    }

    private static void append(StringBuilder text, String part) {
        if (text.length() > 0) {
            text.append('\n');
        }
        text.append(part);
    }

    /** A component of repetition {@code rep} of OBX-5, whatever data type HAPI gave the Varies. */
    private static String component(Segment obx, int rep, int component) {
        try {
            return nullToEmpty(Terser.get(obx, 5, rep, component, 1)).strip();
        } catch (HL7Exception e) {
            return "";
        }
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
