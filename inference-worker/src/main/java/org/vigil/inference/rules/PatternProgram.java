package org.vigil.inference.rules;

import org.vigil.inference.rules.PatternParser.Alt;
import org.vigil.inference.rules.PatternParser.Any;
import org.vigil.inference.rules.PatternParser.Lit;
import org.vigil.inference.rules.PatternParser.Mark;
import org.vigil.inference.rules.PatternParser.Node;
import org.vigil.inference.rules.PatternParser.Num;
import org.vigil.inference.rules.PatternParser.Seq;
import org.vigil.inference.rules.PatternParser.SetNode;
import org.vigil.inference.rules.PatternParser.Year;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One pattern compiled to a small backtracking program (one op per token test, a SWITCH to try the alternatives
 * of a group and go on with the next), the form in which its first tokens are worked out before
 * {@link PhraseCompiler} flattens it for the matcher.
 */
final class PatternProgram {

    static final int LIT = 0;
    static final int SET = 1;
    static final int ANY = 2;
    static final int NUM = 3;
    static final int YEAR = 4;
    static final int OPEN = 5;
    static final int CLOSE = 6;
    static final int SWITCH = 7;
    static final int JMP = 8;
    static final int MATCH = 9;

    int[] op = new int[16];
    int[] a = new int[16];
    Object[] arg = new Object[16];
    int size;

    int emit(int o, int x, Object v) {
        if (size == op.length) {
            op = Arrays.copyOf(op, size * 2);
            a = Arrays.copyOf(a, size * 2);
            arg = Arrays.copyOf(arg, size * 2);
        }
        op[size] = o;
        a[size] = x;
        arg[size] = v;
        return size++;
    }

    void compile(Node node) {
        if (node instanceof Lit lit) {
            emit(LIT, Vocabulary.idOf(lit.key()), lit.surface());
        } else if (node instanceof Any) {
            emit(ANY, 0, null);
        } else if (node instanceof Num) {
            emit(NUM, 0, null);
        } else if (node instanceof Year) {
            emit(YEAR, 0, null);
        } else if (node instanceof Mark mark) {
            emit(mark.open() ? OPEN : CLOSE, 0, null);
        } else if (node instanceof SetNode set) {
            TokenSet ts = new TokenSet();
            for (String key : set.keys()) {
                ts.addId(Vocabulary.idOf(key));
            }
            List<String> surfaces = new ArrayList<>();
            List<Integer> ids = new ArrayList<>();
            set.surfaces().forEach((key, written) -> written.forEach(w -> {
                surfaces.add(w);
                ids.add(Vocabulary.idOf(key));
            }));
            ts.surfaces = surfaces.toArray(String[]::new);
            ts.surfaceIds = ids.stream().mapToInt(Integer::intValue).toArray();
            emit(SET, 0, ts);
        } else if (node instanceof Seq seq) {
            for (Node n : seq.items()) {
                compile(n);
            }
        } else if (node instanceof Alt alt) {
            List<Node> branches = new ArrayList<>();
            if (!alt.singles().isEmpty()) {
                branches.add(new SetNode(alt.singles(), alt.singleSurfaces()));
            }
            branches.addAll(alt.others());
            if (alt.optional()) {
                branches.add(new Seq(List.of()));
            }
            int[] starts = new int[branches.size()];
            emit(SWITCH, 0, starts);
            List<Integer> jumps = new ArrayList<>();
            for (int i = 0; i < branches.size(); i++) {
                starts[i] = size;
                compile(branches.get(i));
                jumps.add(emit(JMP, 0, null));
            }
            for (int j : jumps) {
                a[j] = size;
            }
        }
    }

    /** Where a jump to {@code pc} lands after the jumps it chains through: nested groups end together. */
    int landing(int pc) {
        while (op[pc] == JMP) {
            pc = a[pc];
        }
        return pc;
    }

    /** The tokens that the code from {@code pc} can consume first, or null if it can match nothing. */
    TokenSet firstTokens(int pc) {
        List<Integer> consumers = new ArrayList<>();
        consumers(pc, new boolean[size], consumers);
        return tokensOf(consumers);
    }

    /** The tokens these ops consume, or null if one of them is MATCH. */
    private TokenSet tokensOf(List<Integer> consumers) {
        TokenSet out = new TokenSet();
        for (int pc : consumers) {
            switch (op[pc]) {
                case LIT -> out.addId(a[pc]);
                case SET -> out.addAll((TokenSet) arg[pc]);
                case ANY -> out.anyWord = true;
                case NUM -> out.anyNumber = true;
                case YEAR -> out.anyYear = true;
                default -> {
                    return null;
                }
            }
        }
        return out;
    }

    /** The ops that can consume a match's first token. */
    List<Integer> firstConsumers() {
        List<Integer> firsts = new ArrayList<>();
        consumers(0, new boolean[size], firsts);
        return firsts;
    }

    /** Those of {@code firsts} that can consume the word {@code id} (any-word ops included). */
    List<Integer> consumersOf(List<Integer> firsts, int id) {
        List<Integer> out = new ArrayList<>();
        for (int pc : firsts) {
            boolean takes = switch (op[pc]) {
                case LIT -> a[pc] == id;
                case SET -> {
                    TokenSet set = (TokenSet) arg[pc];
                    yield (id >>> 6) < set.bits.length && (set.bits[id >>> 6] & (1L << id)) != 0;
                }
                case ANY, NUM, YEAR -> true;
                default -> false;
            };
            if (takes) {
                out.add(pc);
            }
        }
        return out;
    }

    /** The tokens that can follow a first token consumed by one of {@code firsts}, or null if a match can end. */
    TokenSet secondAfter(List<Integer> firsts) {
        boolean[] seen = new boolean[size];
        List<Integer> seconds = new ArrayList<>();
        for (int pc : firsts) {
            consumers(pc + 1, seen, seconds);
        }
        return tokensOf(seconds);
    }

    /**
     * Every token that can come second in a match, or null when a match can end after one token. An
     * over-approximation (the first token is not taken into account), used only to skip a program early.
     */
    TokenSet second() {
        boolean[] seen = new boolean[size];
        List<Integer> firsts = new ArrayList<>();
        consumers(0, seen, firsts);
        boolean[] seen2 = new boolean[size];
        List<Integer> seconds = new ArrayList<>();
        for (int pc : firsts) {
            consumers(pc + 1, seen2, seconds);
        }
        return tokensOf(seconds);
    }

    /** The token-consuming ops (and MATCH) reachable from {@code pc} without consuming a token. */
    private void consumers(int pc, boolean[] seen, List<Integer> out) {
        if (seen[pc]) {
            return;
        }
        seen[pc] = true;
        switch (op[pc]) {
            case SWITCH -> {
                for (int start : (int[]) arg[pc]) {
                    consumers(start, seen, out);
                }
            }
            case JMP -> consumers(a[pc], seen, out);
            case OPEN, CLOSE -> consumers(pc + 1, seen, out);
            default -> out.add(pc);
        }
    }

    /**
     * A set of tokens: rule-word ids in a bit set, plus every word, every number or every year. Case-sensitive
     * sets also keep their words as written.
     */
    static final class TokenSet {
        long[] bits = new long[0];
        boolean anyWord;
        boolean anyNumber;
        boolean anyYear;
        String[] surfaces = new String[0];
        int[] surfaceIds = new int[0];

        void addId(int id) {
            if ((id >>> 6) >= bits.length) {
                bits = Arrays.copyOf(bits, (id >>> 6) + 1);
            }
            bits[id >>> 6] |= 1L << id;
        }

        void addAll(TokenSet o) {
            for (int w = 0; w < o.bits.length; w++) {
                if (o.bits[w] != 0) {
                    if (w >= bits.length) {
                        bits = Arrays.copyOf(bits, w + 1);
                    }
                    bits[w] |= o.bits[w];
                }
            }
            anyWord |= o.anyWord;
            anyNumber |= o.anyNumber;
            anyYear |= o.anyYear;
        }

        /** The least id at or after {@code from} in the set, or -1. */
        int nextId(int from) {
            for (int w = from >>> 6; w < bits.length; w++) {
                long word = bits[w] & (w == from >>> 6 ? -1L << from : -1L);
                if (word != 0) {
                    return (w << 6) + Long.numberOfTrailingZeros(word);
                }
            }
            return -1;
        }
    }
}
