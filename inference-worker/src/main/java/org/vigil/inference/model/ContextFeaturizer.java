package org.vigil.inference.model;

import org.vigil.inference.rules.Mention;
import org.vigil.inference.rules.TokenizedText;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns one candidate mention into the model's features: its kind, its words, the words in a window on each side
 * (by side and by exact distance for the nearest three), its section, and the assertion the ConText rules gave it.
 * Feature names are hashed into {@code buckets} buckets, so the model's input width is fixed and described in
 * the manifest ({@code featurizer: context-window-hash, version 1}).
 */
public final class ContextFeaturizer {

    public static final String TYPE = "context-window-hash";
    public static final int VERSION = 1;

    private final int buckets;
    private final int window;

    public ContextFeaturizer(int buckets, int window) {
        this.buckets = buckets;
        this.window = window;
    }

    public int buckets() {
        return buckets;
    }

    public int window() {
        return window;
    }

    /** The feature names of a candidate (before hashing). */
    public List<String> names(TokenizedText tokens, Mention m) {
        List<String> f = new ArrayList<>(40);
        String kind = m.kind().name();
        f.add("k=" + kind);
        f.add("ra=" + m.assertion().name());
        f.add("k*ra=" + kind + "*" + m.assertion().name());
        f.add("sec=" + m.section().orElse("NONE"));
        f.add("k*sec=" + kind + "*" + m.section().orElse("NONE"));
        f.add("weak=" + m.weak());
        f.add("src=" + m.source());
        for (int t = m.tokenStart(); t < m.tokenEnd(); t++) {
            f.add("m=" + tokens.lower(t));
        }
        int sentence = tokens.sentence(m.tokenStart());
        for (int d = 1; d <= window; d++) {
            int l = m.tokenStart() - d;
            if (l >= 0 && tokens.sentence(l) == sentence) {
                f.add("l=" + tokens.lower(l));
                if (d <= 3) {
                    f.add("l" + d + "=" + tokens.lower(l));
                }
            } else if (d == 1) {
                f.add("l1=<s>");
            }
            int r = m.tokenEnd() - 1 + d;
            if (r < tokens.size() && tokens.sentence(r) == sentence) {
                f.add("r=" + tokens.lower(r));
                if (d <= 3) {
                    f.add("r" + d + "=" + tokens.lower(r));
                }
            } else if (d == 1) {
                f.add("r1=</s>");
            }
        }
        return f;
    }

    /** The bucket of a feature name (a stable string hash, so training and serving agree across JVMs). */
    public int bucket(String name) {
        int h = 0x811c9dc5;
        for (int i = 0; i < name.length(); i++) {
            h ^= name.charAt(i);
            h *= 0x01000193;
        }
        return Math.floorMod(h, buckets);
    }

    /** The Tribuo feature name of a bucket; zero-padded so that name order is bucket order. */
    public static String featureName(int bucket) {
        return String.format("b%06d", bucket);
    }
}
