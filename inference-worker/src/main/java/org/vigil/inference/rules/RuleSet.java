package org.vigil.inference.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Every data file of the rules backend, loaded together under one version: the taxonomy, the lexicons, the
 * ConText triggers, the section headers, the screening instruments and the SNOMED CT semantic tags. The version (from
 * {@code ruleset.properties}) is written into every signal the rules produce.
 */
public record RuleSet(String version, Taxonomy taxonomy, SignalLexicon lexicon, ContextRules context,
                      SectionHeaders sections, ScreeningInstruments screening, SemanticTags semanticTags) {

    /** Where the shipped rules live on the class path. */
    public static final String BASE = "/org/vigil/inference/rules";

    private static volatile RuleSet standard;

    /** The rule set shipped in this module (loaded once; immutable and thread-safe). */
    public static RuleSet standard() {
        RuleSet r = standard;
        if (r == null) {
            synchronized (RuleSet.class) {
                if (standard == null) {
                    standard = load(BASE);
                }
                r = standard;
            }
        }
        return r;
    }

    public static RuleSet load(String base) {
        Properties props = new Properties();
        try (InputStream in = RuleSet.class.getResourceAsStream(base + "/ruleset.properties")) {
            if (in == null) {
                throw new IllegalStateException("missing " + base + "/ruleset.properties");
            }
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rule set version", e);
        }
        Taxonomy taxonomy = Taxonomy.load(base + "/taxonomy.json");
        return new RuleSet("rules-" + props.getProperty("version"), taxonomy,
                SignalLexicon.load(base, taxonomy.kinds()), ContextRules.load(base + "/context-rules.json"),
                SectionHeaders.load(base + "/sections.tsv"), ScreeningInstruments.load(base + "/screening.json"),
                SemanticTags.load(base + "/semantic-tags.tsv"));
    }
}
