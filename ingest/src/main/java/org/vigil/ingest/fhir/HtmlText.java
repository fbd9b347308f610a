package org.vigil.ingest.fhir;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

import java.util.Set;

/**
 * Reduces HTML (an attachment or a FHIR narrative) to the text a clinician reads, parsed with jsoup: block
 * elements and line breaks become line breaks, runs of spaces collapse, scripts and styles are dropped.
 */
public final class HtmlText {

    private static final Set<String> BLOCKS = Set.of("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
            "table", "ul", "ol", "section", "article", "header", "footer", "pre", "blockquote", "dt", "dd", "title");

    private HtmlText() {
    }

    public static String toText(String html) {
        StringBuilder text = new StringBuilder();
        Jsoup.parse(html).traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    Element parent = t.parent();
                    if (parent == null || !Set.of("script", "style").contains(parent.normalName())) {
                        String s = t.text();
                        if (!s.isBlank()) {
                            if (text.length() > 0 && !Character.isWhitespace(text.charAt(text.length() - 1))
                                    && Character.isWhitespace(t.getWholeText().charAt(0))) {
                                text.append(' ');
                            }
                            text.append(s.strip());
                            if (Character.isWhitespace(t.getWholeText().charAt(t.getWholeText().length() - 1))) {
                                text.append(' ');
                            }
                        }
                    }
                } else if (node instanceof Element e && e.normalName().equals("br")) {
                    newline(text);
                } else if (node instanceof Element e && (e.normalName().equals("td") || e.normalName().equals("th"))
                        && text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
                    text.append(' ');
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                    newline(text);
                }
            }
        });
        return text.toString().replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    }

    private static void newline(StringBuilder text) {
        while (text.length() > 0 && text.charAt(text.length() - 1) == ' ') {
            text.setLength(text.length() - 1);
        }
        if (text.length() > 0) {
            text.append('\n');
        }
    }
}
