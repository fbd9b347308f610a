package org.vigil.deidentify.recognize;

import org.junit.jupiter.api.Test;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.SyntheticNote;
import org.vigil.deidentify.Ruleset;
import org.vigil.deidentify.text.PhiSpan;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints the thread CPU time each recognizer (and tokenising) spends over 500 generated notes, to find where
 * de-identification time goes. Not part of the default build: run with {@code -Dtest=RecognizerCostReport}.
 */
class RecognizerCostReport {

    @Test
    void printsCostPerRecognizer() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        List<String> texts = new CorpusGenerator(3000L).generate(500).stream().map(SyntheticNote::text).toList();
        long chars = texts.stream().mapToLong(String::length).sum();
        Ruleset ruleset = Ruleset.standard();
        Map<String, Long> cost = new LinkedHashMap<>();
        for (int round = 0; round < 4; round++) {
            cost.clear();
            for (String t : texts) {
                long a = bean.getCurrentThreadCpuTime();
                NoteText note = NoteText.of(t);
                cost.merge("tokenize", bean.getCurrentThreadCpuTime() - a, Long::sum);
                for (Recognizer r : ruleset.recognizers()) {
                    long b = bean.getCurrentThreadCpuTime();
                    List<PhiSpan> out = new ArrayList<>();
                    r.recognize(note, out);
                    cost.merge(r.name(), bean.getCurrentThreadCpuTime() - b, Long::sum);
                }
            }
        }
        long total = cost.values().stream().mapToLong(Long::longValue).sum();
        cost.forEach((k, v) -> System.out.printf("COST %-12s %8.1f ms %5.1f%%%n", k, v / 1e6, 100.0 * v / total));
        System.out.printf("COST total %.1f ms for %.2f MB = %.2f MB/s%n", total / 1e6, chars / 1e6, chars / 1e6 / (total / 1e9));
    }
}
