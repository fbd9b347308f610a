package org.vigil.tools.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The demo's data folder. The raw notes topic (note text with its identifiers) and the de-identification key lie
 * in it side by side, unencrypted, so the demo deletes it at exit unless kept. It only empties or deletes a folder
 * that is new, empty or marked as a demo's, so that a mistyped {@code --data-dir} cannot wipe someone's files.
 */
final class DemoFolder {

    static final String MARKER = ".vigil-demo";
    /** What demos written before the marker left in their folder. */
    private static final Set<String> EARLIER_LAYOUT = Set.of("notes", "run");
    static final String HOLDS = "the raw notes topic (note text with identifiers) and the de-identification key";

    private final Path path;

    private DemoFolder(Path path) {
        this.path = path;
    }

    /** Creates or empties {@code dir} for a demo run and marks it as the demo's. */
    static DemoFolder claim(Path dir) {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new IllegalStateException(dir + " is a file, not a folder: choose another --data-dir");
            }
            Files.createDirectories(dir);
            List<String> names;
            try (Stream<Path> entries = Files.list(dir)) {
                names = entries.map(p -> p.getFileName().toString()).toList();
            }
            if (!names.isEmpty() && !names.contains(MARKER) && !EARLIER_LAYOUT.containsAll(names)) {
                throw new IllegalStateException("Refusing to use " + dir + " as the demo's data folder: it holds files "
                        + "the demo did not write, and the demo empties and deletes its folder. Choose another --data-dir.");
            }
            DataDirectories.empty(dir);
            Files.writeString(dir.resolve(MARKER), "Data folder of `vigil demo`: deleted at exit unless --keep.\n");
            return new DemoFolder(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + dir, e);
        }
    }

    Path path() {
        return path;
    }

    /** Deletes the folder unless {@code keep}, and says which it did. */
    void release(boolean keep, PrintStream out) {
        if (keep) {
            out.printf("Kept the data folder %s (--keep): it holds %s, unencrypted. Delete it when you are done.%n", path, HOLDS);
            return;
        }
        try {
            DataDirectories.empty(path);
            Files.delete(path);
            out.printf("Deleted the data folder %s: it held %s (--keep keeps it).%n", path, HOLDS);
        } catch (IOException | UncheckedIOException e) {
            out.printf("Could not delete the data folder %s (%s): delete it yourself, it holds %s.%n",
                    path, e.getClass().getSimpleName(), HOLDS);
        }
    }
}
