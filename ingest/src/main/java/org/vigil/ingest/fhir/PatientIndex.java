package org.vigil.ingest.fhir;

import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.vigil.ingest.BoundedLineReader;
import org.vigil.ingest.TextDecoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Patient resources of a Bulk Data export (its {@code Patient*.ndjson} files), slimmed to what notes need
 * (identifiers, gender, birth date), keyed {@code Patient/<id>}, so notes in other files get their patient's
 * attributes. Lines that do not parse are left out; the notes that refer to them still flow.
 */
public final class PatientIndex {

    private PatientIndex() {
    }

    public static Map<String, Resource> load(Iterable<Path> files, int maxLineChars) throws IOException {
        Map<String, Resource> index = new HashMap<>();
        var parser = FhirNoteReader.parser(false);
        for (Path file : files) {
            try (BoundedLineReader lines = new BoundedLineReader(TextDecoder.reader(Files.newInputStream(file)).reader(), maxLineChars)) {
                for (Optional<BoundedLineReader.Line> line = lines.next(); line.isPresent(); line = lines.next()) {
                    if (line.get().text().isEmpty() || line.get().text().get().isBlank()) {
                        continue;
                    }
                    try {
                        if (parser.parseResource(line.get().text().get()) instanceof Patient p && p.getIdElement().hasIdPart()) {
                            Patient slim = new Patient();
                            slim.setId(p.getIdElement().getIdPart());
                            slim.setIdentifier(p.getIdentifier());
                            slim.setGenderElement(p.getGenderElement());
                            slim.setBirthDateElement(p.getBirthDateElement());
                            index.put("Patient/" + p.getIdElement().getIdPart(), slim);
                        }
                    } catch (RuntimeException e) {
                        // a malformed Patient line only costs its notes their attributes
                    }
                }
            }
        }
        return index;
    }
}
