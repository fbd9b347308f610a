package org.vigil.corpus;

import java.util.List;

/** A text with its risk-signal mentions, as read from a brat .txt/.ann pair. */
public record BratDocument(String id, String text, List<SignalMention> mentions) {
  public BratDocument {
    mentions = List.copyOf(mentions);
  }
}
