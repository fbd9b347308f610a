package org.vigil.tools.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vigil.corpus.SyntheticNote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Notes arriving over time, as an EHR export drops them: each note is written into the folder the ingest stage
 * watches, its {@code .meta.json} sidecar first and then its text under a temporary name moved into place, so a
 * scan never sees half a note. Runs on its own thread at a fixed rate until stopped or out of notes, so that the
 * faults a test injects land while notes are flowing.
 */
final class NoteFeed implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;
    private final List<SyntheticNote> notes;
    private final AtomicInteger fed = new AtomicInteger();
    private volatile Thread thread;

    /** Creates the folder at once: the folder source refuses to start on a path that does not exist. */
    NoteFeed(Path folder, List<SyntheticNote> notes) {
        this.folder = folder;
        this.notes = List.copyOf(notes);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + folder, e);
        }
    }

    /** Writes the next {@code count} notes at once (a burst); returns how many were written. */
    int burst(int count) {
        int written = 0;
        while (written < count && fed.get() < notes.size()) {
            write(notes.get(fed.getAndIncrement()));
            written++;
        }
        return written;
    }

    /** Starts writing notes at {@code perSecond} on a background thread. */
    NoteFeed start(double perSecond) {
        long intervalNanos = (long) (1e9 / perSecond);
        thread = new Thread(() -> {
            long next = System.nanoTime();
            while (!Thread.currentThread().isInterrupted() && fed.get() < notes.size()) {
                burst(1);
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "note-feed");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Stops the background thread; returns how many notes were written in all. */
    int stop() throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            t.join();
            thread = null;
        }
        return fed.get();
    }

    int fed() {
        return fed.get();
    }

    private void write(SyntheticNote note) {
        try {
            ObjectNode meta = JSON.createObjectNode()
                    .put("sourceNoteId", note.noteId())
                    .put("patientId", note.patientId())
                    .put("encounterId", note.encounterId())
                    .put("noteType", note.noteType())
                    .put("authorRole", note.authorRole())
                    .put("authoredAt", note.authoredAt().toString());
            note.attributes().forEach((name, value) -> {
                if (name.equals("sex") || name.equals("birthDate")) {
                    meta.put(name, value);
                }
            });
            Files.writeString(folder.resolve(note.noteId() + ".meta.json"), JSON.writeValueAsString(meta),
                    StandardCharsets.UTF_8);
            Path part = folder.resolve(note.noteId() + ".part");
            Files.writeString(part, note.text(), StandardCharsets.UTF_8);
            Files.move(part, folder.resolve(note.noteId() + ".txt"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot feed note " + note.noteId(), e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
