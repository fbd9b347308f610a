package org.vigil.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns the bytes of a note into text: honours a byte-order mark (UTF-8, UTF-16, UTF-32), recognises UTF-16
 * without one, then tries strict UTF-8 and falls back to windows-1252, the usual encoding of exports from
 * Windows hospital systems. Bytes that decode in none of these, or decode to control characters (binary
 * content), are refused rather than guessed at.
 */
public final class TextDecoder {

    /** What decoding made of the bytes. */
    public sealed interface Decoding permits Decoded, Undecodable {
    }

    public record Decoded(String text, Charset charset) implements Decoding {
    }

    /** The detail says why, never what the bytes were. */
    public record Undecodable(String detail) implements Decoding {
    }

    /** What {@link #reader} reads in place of bytes invalid in the stream's charset. */
    public static final char INVALID = '\uFFFD';

    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
    private static final Charset UTF_32LE = Charset.forName("UTF-32LE");
    private static final int SNIFF_BYTES = 64 * 1024;

    private TextDecoder() {
    }

    public static Decoding decode(byte[] bytes) {
        Bom bom = Bom.of(bytes);
        if (bom != null) {
            return strict(Arrays.copyOfRange(bytes, bom.length, bytes.length), bom.charset);
        }
        Charset utf16 = utf16WithoutBom(bytes, bytes.length);
        if (utf16 != null) {
            return strict(bytes, utf16);
        }
        Decoding utf8 = strict(bytes, StandardCharsets.UTF_8);
        if (utf8 instanceof Decoded || utf8.equals(binary(StandardCharsets.UTF_8))) {
            return utf8;
        }
        Decoding cp1252 = strict(bytes, WINDOWS_1252);
        if (cp1252 instanceof Decoded) {
            return cp1252;
        }
        return new Undecodable("The bytes are neither UTF-8, UTF-16, UTF-32 nor windows-1252 text");
    }

    /** Decodes bytes in a charset the sender declared (a byte-order mark, if any, still wins). */
    public static Decoding decodeAs(byte[] bytes, Charset declared) {
        Bom bom = Bom.of(bytes);
        if (bom != null) {
            return strict(Arrays.copyOfRange(bytes, bom.length, bytes.length), bom.charset);
        }
        return strict(bytes, declared);
    }

    /**
     * Wraps a stream in a reader whose charset is chosen from a byte-order mark or the first 64 KiB. A byte
     * sequence later in the stream that is invalid in that charset reads as {@link #INVALID} (U+FFFD), so the
     * caller can refuse just the record that holds it (readers decode ahead, an exception would hit earlier,
     * valid records too).
     */
    public static StreamDecoding reader(InputStream in) throws IOException {
        PushbackInputStream pushback = new PushbackInputStream(in, SNIFF_BYTES);
        byte[] head = pushback.readNBytes(SNIFF_BYTES);
        Bom bom = Bom.of(head);
        Charset charset;
        int skip = 0;
        if (bom != null) {
            charset = bom.charset;
            skip = bom.length;
        } else {
            Charset utf16 = utf16WithoutBom(head, head.length);
            if (utf16 != null) {
                charset = utf16;
            } else {
                charset = validUtf8Prefix(head, head.length == SNIFF_BYTES) ? StandardCharsets.UTF_8 : WINDOWS_1252;
            }
        }
        pushback.unread(head, skip, head.length - skip);
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(String.valueOf(INVALID));
        return new StreamDecoding(new InputStreamReader(pushback, decoder), charset);
    }

    /** A reader and the charset it decodes. */
    public record StreamDecoding(Reader reader, Charset charset) {
    }

    /** True when the text holds control characters other than tab, line feed, form feed and carriage return. */
    public static boolean looksBinary(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static Decoding strict(byte[] bytes, Charset charset) {
        try {
            String text = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            if (looksBinary(text)) {
                return binary(charset);
            }
            return new Decoded(text, charset);
        } catch (CharacterCodingException e) {
            return new Undecodable("The bytes are not valid " + charset.name());
        }
    }

    private static Undecodable binary(Charset charset) {
        return new Undecodable("The bytes decode as " + charset.name() + " but hold control characters (binary content)");
    }

    /** UTF-8 validity of a prefix; a multi-byte sequence cut at the end of a truncated prefix is allowed. */
    private static boolean validUtf8Prefix(byte[] bytes, boolean truncated) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        var result = decoder.decode(in, out, !truncated);
        if (result.isError()) {
            return false;
        }
        return truncated ? in.remaining() < 4 : !in.hasRemaining();
    }

    /**
     * UTF-16 without a byte-order mark shows as a zero byte in every other position for Latin text; the side
     * the zeros are on gives the byte order.
     */
    private static Charset utf16WithoutBom(byte[] bytes, int length) {
        int n = Math.min(length, 4096) & ~1;
        if (n < 4) {
            return null;
        }
        int evenZeros = 0;
        int oddZeros = 0;
        for (int i = 0; i < n; i += 2) {
            if (bytes[i] == 0) {
                evenZeros++;
            }
            if (bytes[i + 1] == 0) {
                oddZeros++;
            }
        }
        int pairs = n / 2;
        if (oddZeros * 10 >= pairs * 7 && evenZeros * 10 <= pairs) {
            return StandardCharsets.UTF_16LE;
        }
        if (evenZeros * 10 >= pairs * 7 && oddZeros * 10 <= pairs) {
            return StandardCharsets.UTF_16BE;
        }
        return null;
    }

    private enum Bom {
        UTF32LE(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0}, UTF_32LE),
        UTF32BE(new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF}, UTF_32BE),
        UTF8(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, StandardCharsets.UTF_8),
        UTF16LE(new byte[] {(byte) 0xFF, (byte) 0xFE}, StandardCharsets.UTF_16LE),
        UTF16BE(new byte[] {(byte) 0xFE, (byte) 0xFF}, StandardCharsets.UTF_16BE);

        final byte[] mark;
        final Charset charset;
        final int length;

        Bom(byte[] mark, Charset charset) {
            this.mark = mark;
            this.charset = charset;
            this.length = mark.length;
        }

        /** Longest marks first, so UTF-32LE is not taken for UTF-16LE. */
        static Bom of(byte[] bytes) {
            for (Bom bom : values()) {
                if (bytes.length >= bom.length && Arrays.equals(bytes, 0, bom.length, bom.mark, 0, bom.length)) {
                    return bom;
                }
            }
            return null;
        }
    }
}
