package org.vigil.deidentify;

import org.vigil.deidentify.operate.DeidKey;
import org.vigil.deidentify.recognize.NoteText;
import org.vigil.deidentify.recognize.Recognizer;
import org.vigil.deidentify.resolve.Resolver;
import org.vigil.deidentify.text.PhiSpan;

import java.util.ArrayList;
import java.util.List;

/** Test view of what the recognizers and resolver find: "TYPE:text" per resolved span. */
public final class Found {

    public static final DeidKey KEY = DeidKey.of("0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    private Found() {
    }

    /** The resolved spans of the standard ruleset, as TYPE:text. */
    static List<String> in(String text) {
        Deidentifier d = new Deidentifier(Ruleset.standard(), KEY, DeidOptions.defaults().withMode(DeidMode.TAG));
        DeidResult.Clean clean = (DeidResult.Clean) d.deidentify(text, "p1");
        return render(text, clean.spans());
    }

    /** What one recognizer alone finds, resolved. */
    public static List<String> by(String recognizer, String text) {
        Recognizer r = recognizer.equals(Ruleset.standard().safeList().name()) ? Ruleset.standard().safeList()
                : Ruleset.standard().recognizers().stream().filter(x -> x.name().equals(recognizer)).findFirst()
                .orElseThrow();
        List<PhiSpan> out = new ArrayList<>();
        r.recognize(NoteText.of(text), out);
        return render(text, new Resolver().resolve(out));
    }

    /** What one recognizer alone finds, resolved, as TYPE:start-end (exact offsets). */
    public static List<String> offsetsBy(String recognizer, String text) {
        Recognizer r = Ruleset.standard().recognizers().stream().filter(x -> x.name().equals(recognizer)).findFirst()
                .orElseThrow();
        List<PhiSpan> out = new ArrayList<>();
        r.recognize(NoteText.of(text), out);
        List<String> rendered = new ArrayList<>();
        for (PhiSpan s : new Resolver().resolve(out)) {
            rendered.add(s.type() + ":" + s.start() + "-" + s.end());
        }
        return rendered;
    }

    /** The text in tag mode. */
    public static String tagged(String text) {
        Deidentifier d = new Deidentifier(Ruleset.standard(), KEY, DeidOptions.defaults().withMode(DeidMode.TAG));
        return ((DeidResult.Clean) d.deidentify(text, "p1")).text();
    }

    static List<String> render(String text, List<PhiSpan> spans) {
        List<String> out = new ArrayList<>();
        for (PhiSpan s : spans) {
            out.add(s.type() + ":" + text.substring(s.start(), s.end()));
        }
        return out;
    }
}
