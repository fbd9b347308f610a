package org.vigil.inference.rules;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ContextRulesTest {

    private static final ContextRules RULES = new ContextRules(List.of(
            new ContextRule("context:1", "no", ContextCategory.NEGATED_EXISTENCE, ContextRule.Direction.FORWARD,
                    10, 10, Set.of(), Set.of(), Set.of()),
            new ContextRule("context:2", "denies (any|)", ContextCategory.NEGATED_EXISTENCE,
                    ContextRule.Direction.FORWARD, 10, 10, Set.of(), Set.of(), Set.of())));

    private static List<String> triggers(String text, boolean[] sentences) {
        TokenizedText tokens = TokenizedText.of(text);
        return RULES.find(tokens, new boolean[tokens.size()], sentences).stream()
                .map(t -> t.rule().id() + " " + t.start() + "-" + t.end())
                .toList();
    }

    @Test
    void findsTheTriggersOfTheChosenSentencesOnly() {
        String text = "No SI today. Denies any HI. No AVH.";
        assertEquals(List.of("context:1 0-1", "context:2 4-6", "context:1 8-9"), triggers(text, null));
        assertEquals(List.of("context:1 0-1", "context:1 8-9"), triggers(text, new boolean[] {true, false, true}));
        assertEquals(List.of("context:2 4-6"), triggers(text, new boolean[] {false, true, false}));
        assertEquals(List.of(), triggers(text, new boolean[] {false, false, false}));
    }
}
