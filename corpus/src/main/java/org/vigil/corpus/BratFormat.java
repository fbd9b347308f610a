package org.vigil.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes and reads risk-signal mentions in the brat standoff format: {@code T} lines for spans and
 * {@code A<n> Assertion T<n> VALUE} lines for assertions (none means AFFIRMED).
 *
 * <p>Written by hand: brat's format is a few tab-separated line shapes and no Java library for it is on Maven
 * Central. Reading keeps only T and A lines; a multi-fragment span {@code "a b;c d"} is read as min..max.
 */
public final class BratFormat {

  private BratFormat() {
  }

  /** The .ann content for the mentions, numbered T1.. in list order. */
  public static String writeAnn(List<SignalMention> mentions) {
    StringBuilder out = new StringBuilder();
    int a = 1;
    for (int i = 0; i < mentions.size(); i++) {
      SignalMention m = mentions.get(i);
      String tid = "T" + (i + 1);
      out.append(tid).append('\t').append(m.kind()).append(' ').append(fragments(m))
          .append('\t').append(m.text().replace('\n', ' ').replace('\r', ' ')).append('\n');
      if (!"AFFIRMED".equals(m.assertion())) {
        out.append('A').append(a++).append('\t').append("Assertion ").append(tid).append(' ')
            .append(m.assertion()).append('\n');
      }
    }
    return out.toString();
  }

  /** brat cannot hold a newline inside a fragment, so a span across lines is written as one fragment per line. */
  private static String fragments(SignalMention m) {
    StringBuilder b = new StringBuilder();
    int fragmentStart = m.start();
    for (int i = 0; i < m.text().length(); i++) {
      if (m.text().charAt(i) == '\n') {
        int abs = m.start() + i;
        if (abs > fragmentStart) {
          b.append(b.isEmpty() ? "" : ";").append(fragmentStart).append(' ').append(abs);
        }
        fragmentStart = abs + 1;
      }
    }
    if (m.end() > fragmentStart || b.isEmpty()) {
      b.append(b.isEmpty() ? "" : ";").append(fragmentStart).append(' ').append(Math.max(fragmentStart, m.end()));
    }
    return b.toString();
  }

  /** Reads a brat .txt file and its sibling .ann file (a missing .ann means no mentions). */
  public static BratDocument read(Path txtFile) {
    String id = I2b2Format.idOf(txtFile);
    Path ann = txtFile.resolveSibling(id + ".ann");
    try {
      String text = Files.readString(txtFile, StandardCharsets.UTF_8);
      List<String> lines = Files.exists(ann) ? Files.readAllLines(ann, StandardCharsets.UTF_8) : List.of();
      return new BratDocument(id, text, parseAnn(id, text, lines));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read brat document " + txtFile, e);
    }
  }

  /** Parses .ann lines against the document text. */
  public static List<SignalMention> parseAnn(String id, String text, List<String> lines) {
    record Span(String kind, int start, int end) {
    }
    Map<String, Span> spans = new LinkedHashMap<>();
    Map<String, String> assertions = new HashMap<>();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      String[] cols = line.split("\t", -1);
      if (cols.length < 2) {
        throw new IllegalArgumentException("brat " + id + ": malformed line without tab: " + line);
      }
      if (cols[0].startsWith("T")) {
        String[] typeAndOffsets = cols[1].split(" ", 2);
        if (typeAndOffsets.length < 2) {
          throw new IllegalArgumentException("brat " + id + ": text-bound line without offsets: " + line);
        }
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (String fragment : typeAndOffsets[1].split(";")) {
          String[] se = fragment.trim().split(" ");
          if (se.length != 2) {
            throw new IllegalArgumentException("brat " + id + ": bad fragment '" + fragment + "' in: " + line);
          }
          min = Math.min(min, Integer.parseInt(se[0]));
          max = Math.max(max, Integer.parseInt(se[1]));
        }
        if (min < 0 || max > text.length() || max < min) {
          throw new IllegalArgumentException("brat " + id + ": offsets " + min + ".." + max
              + " outside text of length " + text.length());
        }
        spans.put(cols[0], new Span(typeAndOffsets[0], min, max));
      } else if (cols[0].startsWith("A") || cols[0].startsWith("M")) {
        String[] parts = cols[1].trim().split(" ");
        if (parts.length >= 3 && parts[0].equalsIgnoreCase("Assertion")) {
          assertions.put(parts[1], parts[2].toUpperCase(Locale.ROOT));
        } else if (parts.length == 2 && SignalMention.ASSERTIONS.contains(parts[0].toUpperCase(Locale.ROOT))) {
          // Binary attribute style, e.g. "A1<TAB>Negated T3".
          assertions.put(parts[1], parts[0].toUpperCase(Locale.ROOT));
        }
      }
    }
    List<SignalMention> out = new ArrayList<>(spans.size());
    spans.forEach((tid, s) -> out.add(new SignalMention(s.kind(), assertions.getOrDefault(tid, "AFFIRMED"),
        s.start(), s.end(), text.substring(s.start(), s.end()))));
    return out;
  }
}
