package org.vigil.ingest.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.vigil.ingest.Admission;
import org.vigil.ingest.IdentifierSet;
import org.vigil.ingest.NoteDraft;
import org.vigil.ingest.PdfText;
import org.vigil.ingest.RejectReason;
import org.vigil.ingest.SourceLocation;
import org.vigil.ingest.SourceRecord;
import org.vigil.ingest.TextDecoder;
import org.vigil.schemas.NoteLifecycle;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns FHIR R4 content, parsed with HAPI FHIR (JSON or XML), into notes: DocumentReference (inline attachments,
 * text/plain, text/html, or the text layer of application/pdf, {@link PdfText}), DiagnosticReport (presentedForm and conclusion), Composition (sections, in document
 * Bundles), and Bundles of type searchset, collection, transaction, batch and document. Patient, encounter and
 * author are resolved from contained resources, other entries of the same Bundle, and an optional index of
 * resources seen elsewhere (Bulk Data Patient, RelatedPerson and Practitioner files). The people the note names
 * become its known identifiers ({@link FhirIdentifiers}).
 *
 * <p>A note's life: status entered-in-error withdraws the note (no text is read), {@code relatesTo} with code
 * {@code replaces} makes the note supersede its target, and a DocumentReference of status superseded is flagged.
 *
 * <p>Patient id: the logical id of a {@code Patient/<id>} reference; for a contained or {@code urn:uuid:}
 * patient its identifier (type MR first); else the reference's identifier.
 */
public final class FhirNoteReader {

    public static final String ADAPTER = "fhir";

    private static final Set<String> NOTE_TYPES = Set.of("DocumentReference", "DiagnosticReport", "Composition");
    private static final Pattern HAPI_CODE = Pattern.compile("HAPI-\\d+");
    private static final Pattern LOGICAL_ID = Resolver.LOGICAL_ID;
    // A reference to a replaced document: relative, absolute or versioned.
    private static final Pattern DOCUMENT_ID = Pattern.compile("(?:^|/)(DocumentReference|Composition)/([^/?]+)(?:/_history/.*)?$");

    private final Admission admission;
    private final String adapter;
    private final PersonIndex index;
    private final PdfText pdf;

    /** A reader without an external index; {@code adapter} names the adapter in metadata and metrics. */
    public FhirNoteReader(Admission admission, String adapter) {
        this(admission, adapter, PersonIndex.EMPTY);
    }

    /** A reader that also resolves references against {@code index}, the people of a Bulk Data export. */
    public FhirNoteReader(Admission admission, String adapter, PersonIndex index) {
        this(admission, adapter, index, PdfText.defaults(admission));
    }

    /** As above, reading PDF attachments with {@code pdf}'s limits. */
    public FhirNoteReader(Admission admission, String adapter, PersonIndex index, PdfText pdf) {
        this.admission = admission;
        this.adapter = adapter;
        this.index = index;
        this.pdf = pdf;
    }

    /** The shared HAPI context: building one costs seconds, using it is thread-safe. */
    public static FhirContext context() {
        return FhirContext.forR4Cached();
    }

    /** A parser that reports bad values as errors and logs nothing (its messages may quote input). */
    public static IParser parser(boolean xml) {
        IParser parser = xml ? context().newXmlParser() : context().newJsonParser();
        LenientErrorHandler errors = new LenientErrorHandler(false);
        errors.setErrorOnInvalidValue(true);
        parser.setParserErrorHandler(errors);
        return parser;
    }

    /** As {@link #read(String, SourceLocation)}, under a location that identifies no one ("http:7"). */
    public List<SourceRecord> read(String content, String label) {
        return read(content, SourceLocation.label(label));
    }

    /** Parses FHIR JSON or XML (told apart by the first character) and reads the notes in it. */
    public List<SourceRecord> read(String content, SourceLocation location) {
        String trimmed = content.stripLeading();
        IBaseResource resource;
        try {
            resource = parser(trimmed.startsWith("<")).parseResource(trimmed);
        } catch (DataFormatException | IllegalArgumentException | ClassCastException e) {
            return List.of(malformed(e, location));
        }
        return read(resource, location);
    }

    /** A rejection for content HAPI refused; only HAPI's message code is kept, since its text may quote input. */
    public static SourceRecord malformed(Exception e, SourceLocation location) {
        Matcher code = HAPI_CODE.matcher(String.valueOf(e.getMessage()));
        return SourceRecord.rejected(RejectReason.MALFORMED_FHIR,
                "The FHIR content cannot be parsed (" + (code.find() ? code.group() : e.getClass().getSimpleName()) + ")", location);
    }

    /** Reads the notes in one parsed resource. */
    public List<SourceRecord> read(IBaseResource resource, SourceLocation location) {
        if (resource instanceof Bundle bundle) {
            return readBundle(bundle, location);
        }
        if (resource instanceof Resource r && NOTE_TYPES.contains(r.fhirType())) {
            return List.of(readNote(r, new Resolver(r, Resolver.Scope.NONE, index), label(location, r)));
        }
        String type = resource instanceof Resource r ? r.fhirType() : resource.getClass().getSimpleName();
        return List.of(SourceRecord.rejected(RejectReason.UNSUPPORTED_RESOURCE,
                "A " + type + " resource carries no note", location.then(type)));
    }

    private List<SourceRecord> readBundle(Bundle bundle, SourceLocation location) {
        Resolver.Scope entries = Resolver.Scope.of(bundle, index);
        SourceLocation bundleLabel = location.resource("Bundle", bundle.getIdElement().hasIdPart() ? bundle.getIdElement().getIdPart() : "");
        List<SourceRecord> records = new ArrayList<>();
        int position = 0;
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            position++;
            Resource r = entry.getResource();
            boolean note = r != null && NOTE_TYPES.contains(r.fhirType())
                    // A document is its Composition; other entries are what the Composition refers to.
                    && (bundle.getType() != Bundle.BundleType.DOCUMENT || r instanceof Composition);
            if (note) {
                records.add(readNote(r, new Resolver(r, entries, index), label(bundleLabel.then("entry " + position), r)));
            } else if (r instanceof Bundle nested) {
                records.addAll(readBundle(nested, bundleLabel.then("entry " + position)));
            }
        }
        if (records.isEmpty()) {
            records.add(SourceRecord.rejected(RejectReason.UNSUPPORTED_RESOURCE,
                    "The Bundle holds no DocumentReference, DiagnosticReport or Composition", bundleLabel));
        }
        return records;
    }

    private static SourceLocation label(SourceLocation location, Resource r) {
        return location.resource(r.fhirType(), r.getIdElement().hasIdPart() ? r.getIdElement().getIdPart() : "");
    }

    private SourceRecord readNote(Resource resource, Resolver resolver, SourceLocation location) {
        NoteDraft draft = new NoteDraft(adapter, location);
        String id = resource.getIdElement().hasIdPart() ? resource.getIdElement().getIdPart() : "";
        try {
            if (resource instanceof DocumentReference doc) {
                draft.sourceNoteId(!id.isEmpty() ? id : doc.getMasterIdentifier().getValue())
                        .noteType(concept(doc.getType()))
                        .authoredAt(doc.hasDate() ? instant(doc.getDate())
                                : doc.getContext().getPeriod().hasStart() ? instant(doc.getContext().getPeriod().getStart()) : Optional.empty());
                subject(draft, doc.getSubject(), resolver);
                if (doc.getContext().hasEncounter()) {
                    draft.encounterId(encounter(doc.getContext().getEncounterFirstRep(), resolver));
                }
                if (doc.hasAuthor()) {
                    draft.authorRole(role(doc.getAuthorFirstRep(), resolver));
                }
                if (doc.getStatus() == org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.ENTEREDINERROR) {
                    return admission.admit(draft.lifecycle(NoteLifecycle.WITHDRAWN));
                }
                for (DocumentReference.DocumentReferenceRelatesToComponent relation : doc.getRelatesTo()) {
                    if (relation.getCode() == DocumentReference.DocumentRelationshipType.REPLACES) {
                        draft.replaces(documentId(relation.getTarget(), "DocumentReference", resolver));
                    }
                }
                if (draft.lifecycle() == NoteLifecycle.CURRENT
                        && doc.getStatus() == org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.SUPERSEDED) {
                    draft.lifecycle(NoteLifecycle.SUPERSEDED);
                }
                List<Attachment> attachments = doc.getContent().stream().map(DocumentReference.DocumentReferenceContentComponent::getAttachment).toList();
                Optional<SourceRecord> unusable = text(draft, attachments, "", location);
                if (unusable.isPresent()) {
                    return unusable.get();
                }
            } else if (resource instanceof DiagnosticReport report) {
                draft.sourceNoteId(!id.isEmpty() ? id : report.getIdentifierFirstRep().getValue())
                        .noteType(concept(report.getCode()))
                        .authoredAt(report.hasEffectiveDateTimeType() ? instant(report.getEffectiveDateTimeType().getValue())
                                : report.hasIssued() ? instant(report.getIssued()) : Optional.empty());
                subject(draft, report.getSubject(), resolver);
                if (report.hasEncounter()) {
                    draft.encounterId(encounter(report.getEncounter(), resolver));
                }
                if (report.hasPerformer()) {
                    draft.authorRole(role(report.getPerformerFirstRep(), resolver));
                }
                if (report.getStatus() == DiagnosticReport.DiagnosticReportStatus.ENTEREDINERROR) {
                    return admission.admit(draft.lifecycle(NoteLifecycle.WITHDRAWN));
                }
                String conclusion = report.hasConclusion() ? report.getConclusion() : "";
                if (report.hasPresentedForm()) {
                    Optional<SourceRecord> unusable = text(draft, report.getPresentedForm(), conclusion, location);
                    if (unusable.isPresent()) {
                        return unusable.get();
                    }
                } else {
                    draft.text(conclusion).contentType("text/plain");
                }
            } else if (resource instanceof Composition composition) {
                draft.sourceNoteId(!id.isEmpty() ? id : composition.getIdentifier().getValue())
                        .noteType(concept(composition.getType()))
                        .authoredAt(composition.hasDate() ? instant(composition.getDate()) : Optional.empty());
                subject(draft, composition.getSubject(), resolver);
                if (composition.hasEncounter()) {
                    draft.encounterId(encounter(composition.getEncounter(), resolver));
                }
                if (composition.hasAuthor()) {
                    draft.authorRole(role(composition.getAuthorFirstRep(), resolver));
                }
                if (composition.getStatus() == Composition.CompositionStatus.ENTEREDINERROR) {
                    return admission.admit(draft.lifecycle(NoteLifecycle.WITHDRAWN));
                }
                for (Composition.CompositionRelatesToComponent relation : composition.getRelatesTo()) {
                    if (relation.getCode() == Composition.DocumentRelationshipType.REPLACES) {
                        draft.replaces(relation.hasTargetReference()
                                ? documentId(relation.getTargetReference(), "Composition", resolver)
                                : relation.hasTargetIdentifier() ? relation.getTargetIdentifier().getValue() : "");
                    }
                }
                StringBuilder text = new StringBuilder(composition.hasTitle() ? composition.getTitle() + "\n\n" : "");
                sections(composition.getSection(), text);
                draft.text(text.toString().strip()).contentType("text/html");
            }
        } catch (UnsupportedCharsetException | IllegalCharsetNameException e) {
            return SourceRecord.rejected(RejectReason.INVALID_ENCODING, "The attachment names an unknown charset", location);
        }
        return admission.admit(draft);
    }

    /**
     * The source note id of a replaced document as its own resource would give it: the logical id of a
     * {@code <type>/<id>} reference, the id of the Bundle entry a {@code urn:uuid:} reference resolves to, else the
     * reference's identifier.
     */
    private static String documentId(Reference target, String type, Resolver resolver) {
        Matcher m = target.hasReference() ? DOCUMENT_ID.matcher(target.getReference()) : null;
        return Optional.ofNullable(m).filter(Matcher::find).filter(x -> x.group(1).equals(type)).map(x -> x.group(2))
                .or(() -> resolver.resolve(target).filter(r -> r.getIdElement().hasIdPart()).map(r -> r.getIdElement().getIdPart()))
                .orElse(target.getIdentifier().getValue());
    }

    private static void sections(List<Composition.SectionComponent> sections, StringBuilder text) {
        for (Composition.SectionComponent section : sections) {
            if (section.hasTitle()) {
                text.append(section.getTitle()).append('\n');
            }
            if (section.hasText() && section.getText().hasDiv()) {
                text.append(HtmlText.toText(section.getText().getDivAsString())).append("\n\n");
            }
            sections(section.getSection(), text);
        }
    }

    /**
     * Fills the draft's text from the first usable attachment (text/plain first, then HTML, then PDF: the several
     * attachments of one document are renditions of the same content), plus {@code extra}; returns a rejection
     * when none is usable. A PDF whose text cannot be read is refused even when {@code extra} (a report's
     * conclusion) has text, so the document's body is not lost without a trace.
     */
    private Optional<SourceRecord> text(NoteDraft draft, List<Attachment> attachments, String extra, SourceLocation location) {
        Optional<Attachment> chosen = attachments.stream().filter(a -> a.hasData() && mediaType(a).equals("text/plain")).findFirst()
                .or(() -> attachments.stream().filter(a -> a.hasData() && isHtml(mediaType(a))).findFirst())
                .or(() -> attachments.stream().filter(a -> a.hasData() && isPdf(a)).findFirst());
        if (chosen.isEmpty()) {
            if (!extra.isBlank()) {
                draft.text(extra).contentType("text/plain");
                return Optional.empty();
            }
            if (attachments.isEmpty() || attachments.stream().allMatch(a -> !a.hasData() && !a.hasUrl())) {
                return Optional.of(SourceRecord.rejected(RejectReason.EMPTY_NOTE, "The resource has no attachment content", location));
            }
            boolean byUrl = attachments.stream().anyMatch(a -> !a.hasData() && a.hasUrl());
            return Optional.of(SourceRecord.rejected(RejectReason.UNSUPPORTED_CONTENT_TYPE, byUrl
                    ? "The attachments are referenced by URL or not text; only inline text/plain, text/html and application/pdf are read"
                    : "No attachment is text/plain, text/html or application/pdf (found " + attachments.stream().map(FhirNoteReader::mediaType)
                    .distinct().toList() + ")", location));
        }
        Attachment attachment = chosen.get();
        byte[] bytes = attachment.getData();
        if (isPdf(attachment)) {
            PdfText.Extraction extraction = pdf.extract(bytes);
            if (extraction instanceof PdfText.Refused refused) {
                return Optional.of(SourceRecord.rejected(refused.reason(), refused.detail(), location));
            }
            String body = ((PdfText.Extracted) extraction).text();
            draft.text(extra.isBlank() ? body : body + "\n\n" + extra).contentType("application/pdf");
            return Optional.empty();
        }
        if (bytes.length > 4L * admission.maxNoteChars()) {
            return Optional.of(SourceRecord.rejected(RejectReason.OVERSIZE,
                    "The attachment has " + bytes.length + " bytes, over the limit of " + admission.maxNoteChars() + " characters", location));
        }
        Optional<Charset> declared = declaredCharset(attachment.getContentType());
        String decoded;
        Charset charset;
        if (declared.isPresent()) {
            charset = declared.get();
            TextDecoder.Decoding d = TextDecoder.decodeAs(bytes, charset);
            if (d instanceof TextDecoder.Undecodable u) {
                return Optional.of(SourceRecord.rejected(RejectReason.INVALID_ENCODING, u.detail(), location));
            }
            decoded = ((TextDecoder.Decoded) d).text();
        } else {
            TextDecoder.Decoding d = TextDecoder.decode(bytes);
            if (d instanceof TextDecoder.Undecodable u) {
                return Optional.of(SourceRecord.rejected(RejectReason.INVALID_ENCODING, u.detail(), location));
            }
            decoded = ((TextDecoder.Decoded) d).text();
            charset = ((TextDecoder.Decoded) d).charset();
        }
        String type = mediaType(attachment);
        String body = isHtml(type) ? HtmlText.toText(decoded) : decoded;
        draft.text(extra.isBlank() ? body : body + "\n\n" + extra).contentType(type).charset(charset.name());
        return Optional.empty();
    }

    /** Declared application/pdf, or no type declared and the bytes are a PDF. */
    private static boolean isPdf(Attachment a) {
        String type = mediaType(a);
        return type.equals("application/pdf") || (type.isEmpty() && a.hasData() && PdfText.isPdf(a.getData()));
    }

    private static boolean isHtml(String mediaType) {
        return mediaType.equals("text/html") || mediaType.equals("application/xhtml+xml");
    }

    private static String mediaType(Attachment a) {
        String type = a.hasContentType() ? a.getContentType() : "";
        int semicolon = type.indexOf(';');
        return (semicolon >= 0 ? type.substring(0, semicolon) : type).strip().toLowerCase(Locale.ROOT);
    }

    private static Optional<Charset> declaredCharset(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        for (String part : contentType.split(";")) {
            String p = part.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                return Optional.of(Charset.forName(p.substring(8).replace("\"", "").strip()));
            }
        }
        return Optional.empty();
    }

    private static String concept(CodeableConcept concept) {
        if (concept.hasText()) {
            return concept.getText();
        }
        for (Coding coding : concept.getCoding()) {
            if (coding.hasDisplay()) {
                return coding.getDisplay();
            }
        }
        return concept.hasCoding() ? concept.getCodingFirstRep().getCode() : "";
    }

    private static Optional<Instant> instant(Date date) {
        return Optional.ofNullable(date).map(Date::toInstant);
    }

    private static void subject(NoteDraft draft, Reference subject, Resolver resolver) {
        Optional<Resource> resolved = resolver.resolve(subject);
        Optional<Patient> patient = resolved.filter(Patient.class::isInstance).map(Patient.class::cast);
        IdentifierSet identifiers = new IdentifierSet();
        FhirIdentifiers.ofNote(resolver.owner(), subject, patient, resolver, identifiers);
        draft.identifiers(identifiers.toList());
        if (resolved.isPresent() && patient.isEmpty()) {
            return; // a note about a group or device names no patient
        }
        draft.patientId(logicalId(subject, "Patient").orElseGet(() -> patient.map(p -> identifier(p.getIdentifier(), p))
                .orElse(subject.getIdentifier().getValue())));
        patient.ifPresent(p -> {
            if (p.hasGender()) {
                draft.attribute("sex", p.getGender().toCode());
            }
            if (p.hasBirthDate()) {
                draft.attribute("birthDate", p.getBirthDateElement().getValueAsString());
            }
        });
    }

    private static String encounter(Reference reference, Resolver resolver) {
        return logicalId(reference, "Encounter").orElseGet(() -> resolver.resolve(reference)
                .filter(Encounter.class::isInstance).map(e -> identifier(((Encounter) e).getIdentifier(), e))
                .orElse(reference.getIdentifier().getValue()));
    }

    private static String role(Reference author, Resolver resolver) {
        Optional<Resource> resolved = resolver.resolve(author);
        if (resolved.isPresent() && resolved.get() instanceof PractitionerRole role && role.hasCode()) {
            return concept(role.getCodeFirstRep());
        }
        if (resolved.isPresent() && resolved.get() instanceof Practitioner p && p.hasQualification()) {
            return concept(p.getQualificationFirstRep().getCode());
        }
        if (resolved.isPresent()) {
            return resolved.get().fhirType();
        }
        Matcher m = LOGICAL_ID.matcher(author.hasReference() ? author.getReference() : "");
        return m.find() ? m.group(1) : author.hasType() ? author.getType() : "";
    }

    /** The logical id of a {@code Type/id} reference (relative or absolute URL), empty for contained or urn refs. */
    private static Optional<String> logicalId(Reference reference, String type) {
        if (!reference.hasReference()) {
            return Optional.empty();
        }
        Matcher m = LOGICAL_ID.matcher(reference.getReference());
        return m.find() && m.group(1).equals(type) ? Optional.of(m.group(2)) : Optional.empty();
    }

    /** An identifier of a resource that has no logical id here (contained, urn:uuid): type MR first. */
    private static String identifier(List<Identifier> identifiers, Resource owner) {
        return identifiers.stream().filter(i -> i.getType().getCoding().stream().anyMatch(c -> "MR".equals(c.getCode())))
                .map(Identifier::getValue).findFirst()
                .or(() -> identifiers.stream().map(Identifier::getValue).filter(v -> v != null && !v.isBlank()).findFirst())
                .orElse(owner.getIdElement().hasIdPart() && !owner.getIdElement().getIdPart().startsWith("#")
                        && !owner.getIdElement().getValue().startsWith("urn:") ? owner.getIdElement().getIdPart() : "");
    }
}
