package org.vigil.inference.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds every phrase of a dictionary that starts at a token, in one walk down a token trie: the whole lexicon
 * is matched in a single pass over a note instead of one regular expression per phrase.
 *
 * @param <T> what a phrase stands for
 */
public final class PhraseTrie<T> {

    /** A phrase found in a text: tokens {@code [start, end)} and the value it was added with. */
    public record Hit<T>(int start, int end, T value) {
        public int length() {
            return end - start;
        }
    }

    private static final class Node<T> {
        Map<String, Node<T>> children;
        List<T> values;
    }

    private final Node<T> root = new Node<>();
    private int phrases;

    /** Adds one token sequence (as produced by {@link PhrasePattern#expand}). */
    public void add(List<String> tokens, T value) {
        Node<T> node = root;
        for (String token : tokens) {
            if (node.children == null) {
                node.children = new HashMap<>(4);
            }
            node = node.children.computeIfAbsent(PhrasePattern.key(token), k -> new Node<>());
        }
        if (node.values == null) {
            node.values = new ArrayList<>(1);
        }
        if (!node.values.contains(value)) {
            node.values.add(value);
        }
        phrases++;
    }

    public int phrases() {
        return phrases;
    }

    /** Every phrase starting at token {@code start} and not crossing {@code limit}, appended to {@code out}. */
    public void matchAt(TokenizedText text, int start, int limit, List<Hit<T>> out) {
        walk(root, text, start, start, limit, out);
    }

    private void walk(Node<T> node, TokenizedText text, int start, int i, int limit, List<Hit<T>> out) {
        if (node.values != null && i > start) {
            for (T v : node.values) {
                out.add(new Hit<>(start, i, v));
            }
        }
        if (node.children == null || i >= limit) {
            return;
        }
        String token = text.lower(i);
        Node<T> next = node.children.get(token);
        if (next != null) {
            walk(next, text, start, i + 1, limit, out);
        }
        if (node.children.size() > 0 && text.isWord(i)) {
            next = node.children.get(PhrasePattern.ANY_WORD);
            if (next != null) {
                walk(next, text, start, i + 1, limit, out);
            }
            if (Character.isDigit(token.charAt(0))) {
                next = node.children.get(PhrasePattern.NUM);
                if (next != null && isNumber(token)) {
                    walk(next, text, start, i + 1, limit, out);
                }
                next = node.children.get(PhrasePattern.YEAR);
                if (next != null && isYear(token)) {
                    walk(next, text, start, i + 1, limit, out);
                }
            }
        }
    }

    /** Whether any phrase can start with this token: lets the caller skip most tokens cheaply. */
    public boolean canStartWith(TokenizedText text, int i) {
        Map<String, Node<T>> c = root.children;
        if (c == null) {
            return false;
        }
        String token = text.lower(i);
        if (c.containsKey(token)) {
            return true;
        }
        if (text.isWord(i) && c.containsKey(PhrasePattern.ANY_WORD)) {
            return true;
        }
        return Character.isDigit(token.charAt(0)) && (c.containsKey(PhrasePattern.NUM) || c.containsKey(PhrasePattern.YEAR));
    }

    static boolean isNumber(String token) {
        for (int k = 0; k < token.length(); k++) {
            char ch = token.charAt(k);
            if (!Character.isDigit(ch) && ch != '.') {
                return false;
            }
        }
        return true;
    }

    static boolean isYear(String token) {
        return token.length() == 4 && isNumber(token) && (token.startsWith("19") || token.startsWith("20"));
    }
}
