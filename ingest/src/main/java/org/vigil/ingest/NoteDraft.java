package org.vigil.ingest;

import org.vigil.schemas.IdentifierHolder;
import org.vigil.schemas.KnownIdentifierKind;
import org.vigil.schemas.NoteLifecycle;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fields an adapter found for one note, before admission checks them. Mutable while an adapter fills it;
 * {@link Admission} turns it into a {@link SourceRecord}. Absent fields are empty, never null.
 */
public final class NoteDraft {

    private final String adapter;
    private final SourceLocation sourceLocation;
    private String sourceSystem = "";
    private String sourceNoteId = "";
    private String patientId = "";
    private String encounterId = "";
    private String noteType = "";
    private String authorRole = "";
    private Optional<Instant> authoredAt = Optional.empty();
    private String text = "";
    private String contentType = "";
    private String charset = "";
    private NoteLifecycle lifecycle = NoteLifecycle.CURRENT;
    private String replacesSourceNoteId = "";
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final IdentifierSet identifiers = new IdentifierSet();

    public NoteDraft(String adapter, SourceLocation sourceLocation) {
        this.adapter = adapter;
        this.sourceLocation = sourceLocation;
    }

    public NoteDraft sourceSystem(String value) {
        sourceSystem = clean(value);
        return this;
    }

    public NoteDraft sourceNoteId(String value) {
        sourceNoteId = clean(value);
        return this;
    }

    public NoteDraft patientId(String value) {
        patientId = clean(value);
        return this;
    }

    public NoteDraft encounterId(String value) {
        encounterId = clean(value);
        return this;
    }

    public NoteDraft noteType(String value) {
        noteType = clean(value);
        return this;
    }

    public NoteDraft authorRole(String value) {
        authorRole = clean(value);
        return this;
    }

    public NoteDraft authoredAt(Optional<Instant> value) {
        authoredAt = value;
        return this;
    }

    public NoteDraft text(String value) {
        text = value == null ? "" : value;
        return this;
    }

    public NoteDraft contentType(String value) {
        contentType = clean(value);
        return this;
    }

    public NoteDraft charset(String value) {
        charset = clean(value);
        return this;
    }

    /** The note is the version in force (the default), superseded in the source, or withdrawn. */
    public NoteDraft lifecycle(NoteLifecycle value) {
        lifecycle = value;
        if (value != NoteLifecycle.REPLACES) {
            replacesSourceNoteId = "";
        }
        return this;
    }

    /**
     * The note amends or replaces the note {@code sourceNoteId} of the same source system. A blank id, or the
     * note's own id (an edit that keeps its number replaces itself by its key already), leaves the lifecycle as it is.
     */
    public NoteDraft replaces(String sourceNoteId) {
        String id = clean(sourceNoteId);
        if (!id.isEmpty() && !id.equals(this.sourceNoteId)) {
            lifecycle = NoteLifecycle.REPLACES;
            replacesSourceNoteId = id;
        }
        return this;
    }

    /** Adds a group attribute such as {@code sex} or {@code birthDate}; blank values are left out. */
    public NoteDraft attribute(String name, String value) {
        String v = clean(value);
        if (!v.isEmpty()) {
            attributes.put(name, v);
        }
        return this;
    }

    /** Adds an identifier the note's record names (trimmed; blank and repeated ones left out). */
    public NoteDraft identifier(KnownIdentifierKind kind, IdentifierHolder holder, String value) {
        identifiers.add(kind, holder, value);
        return this;
    }

    public NoteDraft identifiers(Iterable<RecordIdentifier> values) {
        identifiers.addAll(values);
        return this;
    }

    public String adapter() {
        return adapter;
    }

    public SourceLocation sourceLocation() {
        return sourceLocation;
    }

    public String sourceSystem() {
        return sourceSystem;
    }

    public String sourceNoteId() {
        return sourceNoteId;
    }

    public String patientId() {
        return patientId;
    }

    public String encounterId() {
        return encounterId;
    }

    public String noteType() {
        return noteType;
    }

    public String authorRole() {
        return authorRole;
    }

    public Optional<Instant> authoredAt() {
        return authoredAt;
    }

    public String text() {
        return text;
    }

    public String contentType() {
        return contentType;
    }

    public String charset() {
        return charset;
    }

    public NoteLifecycle lifecycle() {
        return lifecycle;
    }

    /** The replaced note's source id with lifecycle REPLACES, else empty. */
    public String replacesSourceNoteId() {
        return replacesSourceNoteId;
    }

    public Map<String, String> attributes() {
        return Map.copyOf(attributes);
    }

    public List<RecordIdentifier> identifiers() {
        return identifiers.toList();
    }

    private static String clean(String value) {
        return value == null ? "" : value.strip();
    }
}
