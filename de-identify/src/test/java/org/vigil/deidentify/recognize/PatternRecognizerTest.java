package org.vigil.deidentify.recognize;

import org.junit.jupiter.api.Test;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.SyntheticNote;
import org.vigil.deidentify.Ruleset;
import org.vigil.deidentify.text.PhiSpan;
import org.vigil.deidentify.text.PhiType;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

import static org.assertj.core.api.Assertions.assertThat;

class PatternRecognizerTest {

    @Test
    void listsEveryRunOfDigitsWhereADigitRuleMatchesAsItsCandidate() {
        List<String> texts = new ArrayList<>(new CorpusGenerator(78).generate(40).stream().map(SyntheticNote::text).toList());
        texts.add("call 617-555-0100 x12, seen 3/14/2024 and 2024-03-14, 1 800 555 0100, 95 yo, 12 Main St, 02139-1234");
        int matches = 0;
        int skipped = 0;
        for (Recognizer r : Ruleset.standard().recognizers()) {
            if (!(r instanceof PatternRecognizer p)) {
                continue;
            }
            for (String text : texts) {
                NoteText note = NoteText.of(text);
                int[][] candidates = p.digitCandidates(note);
                int[] starts = note.digitStarts();
                for (int rule = 0; rule < p.rules().size(); rule++) {
                    if (!(p.rules().get(rule).trigger() instanceof PatternRule.Trigger.Digit)) {
                        assertThat(candidates[rule]).isNull();
                        continue;
                    }
                    Matcher m = p.rules().get(rule).pattern().matcher(text);
                    m.useTransparentBounds(true);
                    m.useAnchoringBounds(false);
                    List<Integer> listed = new ArrayList<>();
                    for (int i = 1; candidates[rule] != null && i <= candidates[rule][0]; i++) {
                        listed.add(candidates[rule][i]);
                    }
                    assertThat(listed).isSorted().doesNotHaveDuplicates();
                    for (int k = 0; k < starts.length; k++) {
                        m.region(starts[k], text.length());
                        if (m.lookingAt()) {
                            matches++;
                            assertThat(listed).as(p.rules().get(rule).id() + " at " + starts[k]).contains(k);
                        } else if (!listed.contains(k)) {
                            skipped++;
                        }
                    }
                }
            }
        }
        assertThat(matches).isGreaterThan(400);
        assertThat(skipped).isGreaterThan(matches * 5);
    }

    @Test
    void findsARuleScoredBelowTheThresholdOnlyAfterItsContext() {
        PatternRule fax = new PatternRule("fax", PhiType.FAX, 0.3, new PatternRule.Trigger.Digit(), Validator.NONE,
                List.of("fax"), 0.7, List.of(), java.util.regex.Pattern.compile("\\d{3}-\\d{4}"), false);
        PatternRule never = new PatternRule("never", PhiType.FAX, 0.3, new PatternRule.Trigger.Digit(), Validator.NONE,
                List.of("fax"), 0.1, List.of(), java.util.regex.Pattern.compile("\\d{3}-\\d{4}"), false);
        PatternRecognizer recognizer = new PatternRecognizer("test", List.of(fax, never));
        String text = "fax 555-0188. The patient was asked to call back at 555-0199. Fax: 555-0177";
        List<PhiSpan> out = new ArrayList<>();
        recognizer.recognize(NoteText.of(text), out);
        assertThat(out).extracting(s -> text.substring(s.start(), s.end()) + "@" + s.score())
                .containsExactly("555-0188@1.0", "555-0177@1.0");
    }

    @Test
    void findsTheSameSpansWhateverThreadRunsIt() throws Exception {
        PatternRecognizer ids = (PatternRecognizer) Ruleset.standard().recognizers().stream()
                .filter(r -> r.name().equals("ids")).findFirst().orElseThrow();
        NoteText note = NoteText.of("MRN: 12345678, SSN 123-45-6789, acct # AB-99812, VIN 1HGCM82633A004352");
        List<PhiSpan> here = new ArrayList<>();
        ids.recognize(note, here);
        List<PhiSpan> there = new ArrayList<>();
        Thread t = new Thread(() -> ids.recognize(NoteText.of(note.text()), there));
        t.start();
        t.join();
        assertThat(there).isEqualTo(here);
        assertThat(here).extracting(PhiSpan::type).contains(PhiType.MEDICALRECORD, PhiType.SSN, PhiType.VEHICLE);
    }

    @Test
    void triesEachContextRuleOnlyAfterItsOwnPhrasesWhenRulesShareAPhrase() {
        PatternRule plan = new PatternRule("plan", PhiType.HEALTHPLAN, 0.9, new PatternRule.Trigger.AfterContext(),
                Validator.NONE, List.of("member id", "plan"), 0, List.of(), java.util.regex.Pattern.compile("[A-Z]{2}\\d{4}"),
                false);
        PatternRule account = new PatternRule("account", PhiType.ACCOUNT, 0.9, new PatternRule.Trigger.AfterContext(),
                Validator.NONE, List.of("plan", "acct"), 0, List.of(), java.util.regex.Pattern.compile("\\d{4}"), false);
        PatternRecognizer ids = new PatternRecognizer("ids", List.of(plan, account));
        String text = "member id XY1234; member id 4321; acct 5678; plan 9999; Plan AB1111; acct ZZ9876";
        List<PhiSpan> found = new ArrayList<>();
        ids.recognize(NoteText.of(text), found);
        assertThat(found).extracting(s -> s.type() + ":" + text.substring(s.start(), s.end()))
                .containsExactly("HEALTHPLAN:XY1234", "HEALTHPLAN:AB1111", "ACCOUNT:5678", "ACCOUNT:9999");
    }
}
