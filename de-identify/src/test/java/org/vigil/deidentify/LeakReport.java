package org.vigil.deidentify;

import org.junit.jupiter.api.Test;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.SyntheticNote;
import org.vigil.deidentify.text.PhiSpan;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lists every must-remove PHI token the tag-mode engine leaves in generated training corpora (seeds 3000-3002).
 * Not run by the default build (its name does not end in Test): run with {@code -Dtest=LeakReport}.
 */
class LeakReport {

    @Test
    void listsLeakedTokens() {
        Deidentifier engine = new Deidentifier(Ruleset.standard(), Found.KEY,
                DeidOptions.defaults().withMode(DeidMode.TAG).withTimeoutMillis(0));
        for (long seed : new long[] {3000L, 3001L, 3002L}) {
            Map<String, Integer> perType = new TreeMap<>();
            int leaked = 0;
            for (SyntheticNote note : new CorpusGenerator(seed).generate(200)) {
                DeidResult.Clean clean = (DeidResult.Clean) engine.deidentify(note.text(), note.patientId());
                List<PhiSpan> found = clean.spans();
                for (org.vigil.corpus.PhiAnnotation gold : note.phi()) {
                    if (!gold.mustRemove()) {
                        continue;
                    }
                    String t = note.text();
                    int p = gold.start();
                    while (p < gold.end()) {
                        if (!Character.isLetterOrDigit(t.charAt(p))) {
                            p++;
                            continue;
                        }
                        int q = p;
                        while (q < gold.end() && Character.isLetterOrDigit(t.charAt(q))) {
                            q++;
                        }
                        final int a = p;
                        final int b = q;
                        boolean covered = found.stream().anyMatch(s -> s.start() <= a && s.end() >= b);
                        if (!covered) {
                            leaked++;
                            perType.merge(gold.category() + "/" + gold.type(), 1, Integer::sum);
                            int from = Math.max(0, gold.start() - 50);
                            int to = Math.min(t.length(), gold.end() + 30);
                            System.out.println("LEAK " + seed + " " + gold.category() + "/" + gold.type() + " ["
                                    + t.substring(a, b) + "] ..." + t.substring(from, to).replace('\n', ' ') + "...");
                        }
                        p = q;
                    }
                }
            }
            System.out.println("SEED " + seed + " leaked tokens " + leaked + " " + perType);
        }
    }
}
