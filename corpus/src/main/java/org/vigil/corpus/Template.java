package org.vigil.corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed phrase-bank template: literal text interleaved with PHI slots, signal mentions, choices and lexicon
 * references, so that the generator knows every annotation's offsets as it writes the text.
 *
 * <p>Syntax: {@code {TYPE}} or {@code {TYPE:arg}} a slot (upper case: PHI; lower case: pronoun and other
 * non-PHI context words); {@code [KIND:ASSERTION+KIND:ASSERTION|surface]} a signal mention (two labels for a
 * dual-kind phrase, same offsets); {@code ((a||b||c))} a uniform choice; {@code @name} a lexicon entry;
 * {@code \n} a line break; a backslash escapes the next character. Written by hand: the grammar is tiny and
 * must record spans, which general template engines do not.
 */
public record Template(String source, List<Part> parts) {

  /** One element of a template. */
  public sealed interface Part permits Literal, Slot, Signal, Choice, Ref {
  }

  /** Plain text. */
  public record Literal(String text) implements Part {
  }

  /** A placeholder filled from the note's context; {@code arg} is "" when absent. */
  public record Slot(String name, String arg) implements Part {
  }

  /** A signal mention covering the rendered surface. */
  public record Signal(List<Label> labels, Template surface) implements Part {
  }

  /** One kind and assertion of a signal mention. */
  public record Label(String kind, String assertion) {
  }

  /** A uniform choice among alternatives. */
  public record Choice(List<Template> options) implements Part {
  }

  /** A reference to a named lexicon list. */
  public record Ref(String name) implements Part {
  }

  public Template {
    parts = List.copyOf(parts);
  }

  /** Every signal label in this template, including those inside choices. */
  public List<Label> labels() {
    List<Label> out = new ArrayList<>();
    for (Part p : parts) {
      if (p instanceof Signal s) {
        out.addAll(s.labels());
      } else if (p instanceof Choice c) {
        c.options().forEach(o -> out.addAll(o.labels()));
      }
    }
    return out;
  }

  /** Parses a template, failing with the position of the first syntax error. */
  public static Template parse(String source) {
    Parser p = new Parser(source);
    Template t = p.sequence(Stop.END, false);
    if (p.pos != source.length()) {
      throw p.error("unexpected '" + source.charAt(p.pos) + "'");
    }
    return t;
  }

  private enum Stop { END, CHOICE, SIGNAL }

  private static final class Parser {
    private final String src;
    private int pos;

    Parser(String src) {
      this.src = src;
    }

    Template sequence(Stop stop, boolean inSignal) {
      int begin = pos;
      List<Part> parts = new ArrayList<>();
      StringBuilder lit = new StringBuilder();
      while (pos < src.length()) {
        if (stop == Stop.CHOICE && (src.startsWith("||", pos) || src.startsWith("))", pos))) {
          break;
        }
        if (stop == Stop.SIGNAL && src.charAt(pos) == ']') {
          break;
        }
        char c = src.charAt(pos);
        if (c == '\\' && pos + 1 < src.length()) {
          char n = src.charAt(pos + 1);
          lit.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
          pos += 2;
        } else if (c == '{') {
          flush(lit, parts);
          parts.add(slot());
        } else if (c == '[') {
          if (inSignal) {
            throw error("a signal cannot contain another signal; use two labels for a dual-kind phrase");
          }
          flush(lit, parts);
          parts.add(signal());
        } else if (src.startsWith("((", pos)) {
          flush(lit, parts);
          parts.add(choice(inSignal));
        } else if (c == '@' && pos + 1 < src.length() && Character.isLowerCase(src.charAt(pos + 1))) {
          flush(lit, parts);
          int s = ++pos;
          while (pos < src.length() && (Character.isLowerCase(src.charAt(pos)) || Character.isDigit(src.charAt(pos))
              || src.charAt(pos) == '_')) {
            pos++;
          }
          parts.add(new Ref(src.substring(s, pos)));
        } else {
          lit.append(c);
          pos++;
        }
      }
      flush(lit, parts);
      return new Template(src.substring(begin, pos), parts);
    }

    private Slot slot() {
      int close = src.indexOf('}', pos);
      if (close < 0) {
        throw error("unclosed '{'");
      }
      String body = src.substring(pos + 1, close);
      pos = close + 1;
      int colon = body.indexOf(':');
      return colon < 0 ? new Slot(body, "") : new Slot(body.substring(0, colon), body.substring(colon + 1));
    }

    private Signal signal() {
      int bar = src.indexOf('|', pos);
      if (bar < 0) {
        throw error("signal without '|'");
      }
      List<Label> labels = new ArrayList<>();
      for (String label : src.substring(pos + 1, bar).split("\\+")) {
        String[] ka = label.trim().split(":");
        if (ka.length != 2 || !SignalMention.KINDS.contains(ka[0]) || !SignalMention.ASSERTIONS.contains(ka[1])) {
          throw error("bad signal label '" + label + "'");
        }
        labels.add(new Label(ka[0], ka[1]));
      }
      pos = bar + 1;
      Template surface = sequence(Stop.SIGNAL, true);
      if (pos >= src.length()) {
        throw error("unclosed '['");
      }
      pos++;
      return new Signal(labels, surface);
    }

    private Choice choice(boolean inSignal) {
      pos += 2;
      List<Template> options = new ArrayList<>();
      while (true) {
        options.add(sequence(Stop.CHOICE, inSignal));
        if (src.startsWith("||", pos)) {
          pos += 2;
        } else if (src.startsWith("))", pos)) {
          pos += 2;
          return new Choice(options);
        } else {
          throw error("unclosed '(('");
        }
      }
    }

    private static void flush(StringBuilder lit, List<Part> parts) {
      if (!lit.isEmpty()) {
        parts.add(new Literal(lit.toString()));
        lit.setLength(0);
      }
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException(what + " at " + pos + " in template: " + src);
    }
  }
}
