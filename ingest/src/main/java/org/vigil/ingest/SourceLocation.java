package org.vigil.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an input was, in parts that know whether they identify someone: a file name or a FHIR resource id often
 * carries a record number or a name ("SMITH_JOHN_MRN1234.txt"), while a line number, an entry number, a resource
 * type or a channel ("mllp", "http:7") does not. The raw note keeps the {@link #original()}; dead letters and logs
 * get the {@link #masked(LocationHash) masked} form, each identifying part replaced by its keyed hash.
 */
public record SourceLocation(List<Part> parts) {

    /** One piece of the location, written as it is or, when it identifies, only as its hash outside the raw topic. */
    public record Part(String text, boolean identifying) {
        public Part {
            Objects.requireNonNull(text, "text");
        }
    }

    // An extension tells an operator the file's kind and names no one; a longer "extension" may be part of a name.
    private static final Pattern EXTENSION = Pattern.compile("\\.[A-Za-z0-9]{1,5}$");

    public SourceLocation {
        parts = List.copyOf(parts);
    }

    /** A location that identifies no one, such as a channel and a request number. */
    public static SourceLocation label(String text) {
        return new SourceLocation(text.isEmpty() ? List.of() : List.of(new Part(text, false)));
    }

    /** A file, by its name. */
    public static SourceLocation file(String fileName) {
        return new SourceLocation(List.of(new Part(fileName, true)));
    }

    /** A position in a file: its name and a line or row number. */
    public static SourceLocation file(String fileName, long position) {
        return new SourceLocation(List.of(new Part(fileName, true), new Part(":" + position, false)));
    }

    /** This location followed by a part that identifies no one (an entry number, a resource type, a control id). */
    public SourceLocation then(String label) {
        List<Part> more = new ArrayList<>(parts);
        if (!more.isEmpty()) {
            more.add(new Part(" ", false));
        }
        more.add(new Part(label, false));
        return new SourceLocation(more);
    }

    /** This location followed by a FHIR resource: its type, and its id if it has one. */
    public SourceLocation resource(String type, String id) {
        SourceLocation typed = then(id.isEmpty() ? type : type + "/");
        if (id.isEmpty()) {
            return typed;
        }
        List<Part> more = new ArrayList<>(typed.parts);
        more.add(new Part(id, true));
        return new SourceLocation(more);
    }

    /** As the source wrote it: for the raw topic only. */
    public String original() {
        return render(UnaryOperator.identity());
    }

    /** Each identifying part as its keyed hash, a file's extension kept: for dead letters and logs. */
    public String masked(LocationHash hash) {
        return render(hash::of);
    }

    private String render(UnaryOperator<String> identifying) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (!part.identifying()) {
                out.append(part.text());
                continue;
            }
            Matcher extension = EXTENSION.matcher(part.text());
            boolean kept = extension.find() && extension.start() > 0;
            String name = kept ? part.text().substring(0, extension.start()) : part.text();
            out.append(identifying.apply(name)).append(kept ? extension.group() : "");
        }
        return out.toString();
    }

    /** Two locations are equal when they name the same place, whichever way they were put together. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SourceLocation other && original().equals(other.original());
    }

    @Override
    public int hashCode() {
        return original().hashCode();
    }

    /** Identifying parts left out, so that a location logged by mistake names no one. */
    @Override
    public String toString() {
        return render(name -> "#");
    }
}
