package org.vigil.ingest;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TextDecoderTest {

    private static final String TEXT = "Pt denies SI/HI. Café visit, naïve to SSRIs.";

    @Test
    void decodesPlainUtf8() {
        var decoded = (TextDecoder.Decoded) TextDecoder.decode(TEXT.getBytes(StandardCharsets.UTF_8));
        assertThat(decoded.text()).isEqualTo(TEXT);
        assertThat(decoded.charset()).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void dropsUtf8ByteOrderMark() {
        byte[] body = TEXT.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[body.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bytes, 3, body.length);
        var decoded = (TextDecoder.Decoded) TextDecoder.decode(bytes);
        assertThat(decoded.text()).isEqualTo(TEXT);
    }

    @Test
    void decodesUtf16WithByteOrderMark() {
        var decoded = (TextDecoder.Decoded) TextDecoder.decode(TEXT.getBytes(StandardCharsets.UTF_16));
        assertThat(decoded.text()).isEqualTo(TEXT);
        assertThat(decoded.charset()).isEqualTo(StandardCharsets.UTF_16BE);
    }

    @Test
    void recognisesUtf16LittleEndianWithoutByteOrderMark() {
        var decoded = (TextDecoder.Decoded) TextDecoder.decode(TEXT.getBytes(StandardCharsets.UTF_16LE));
        assertThat(decoded.text()).isEqualTo(TEXT);
        assertThat(decoded.charset()).isEqualTo(StandardCharsets.UTF_16LE);
    }

    @Test
    void fallsBackToWindows1252ForInvalidUtf8() {
        byte[] bytes = TEXT.getBytes(TextDecoder.WINDOWS_1252);
        var decoded = (TextDecoder.Decoded) TextDecoder.decode(bytes);
        assertThat(decoded.text()).isEqualTo(TEXT);
        assertThat(decoded.charset()).isEqualTo(TextDecoder.WINDOWS_1252);
    }

    @Test
    void refusesBytesUndefinedInEveryCandidateEncoding() {
        // 0x81 is invalid UTF-8 and unassigned in windows-1252.
        byte[] bytes = {'P', 't', ' ', (byte) 0x81, (byte) 0xE9, ' ', 'o', 'k'};
        assertThat(TextDecoder.decode(bytes))
                .isEqualTo(new TextDecoder.Undecodable("The bytes are neither UTF-8, UTF-16, UTF-32 nor windows-1252 text"));
    }

    @Test
    void refusesBinaryContent() {
        byte[] bytes = {'%', 'P', 'D', 'F', 0x01, 0x02, 0x03, 'x', 0x04, 0x05};
        assertThat(TextDecoder.decode(bytes)).isInstanceOf(TextDecoder.Undecodable.class);
        assertThat(((TextDecoder.Undecodable) TextDecoder.decode(bytes)).detail())
                .isEqualTo("The bytes decode as UTF-8 but hold control characters (binary content)");
    }

    @Test
    void streamReaderChoosesWindows1252FromTheHeadAndDecodesIt() throws IOException {
        var decoding = TextDecoder.reader(new ByteArrayInputStream(TEXT.getBytes(TextDecoder.WINDOWS_1252)));
        assertThat(decoding.charset()).isEqualTo(TextDecoder.WINDOWS_1252);
        try (Reader reader = decoding.reader()) {
            assertThat(readAll(reader)).isEqualTo(TEXT);
        }
    }

    @Test
    void streamReaderMarksInvalidBytesPastTheSniffedHead() throws IOException {
        byte[] bytes = new byte[70_000];
        java.util.Arrays.fill(bytes, (byte) 'a');
        bytes[69_000] = (byte) 0xC3; // a UTF-8 lead byte followed by 'a': malformed
        var decoding = TextDecoder.reader(new ByteArrayInputStream(bytes));
        assertThat(decoding.charset()).isEqualTo(StandardCharsets.UTF_8);
        String text = readAll(decoding.reader());
        assertThat(text).hasSize(70_000);
        assertThat(text.indexOf(TextDecoder.INVALID)).isEqualTo(69_000);
    }

    private static String readAll(Reader reader) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[1024];
        for (int n; (n = reader.read(buffer)) > 0; ) {
            text.append(buffer, 0, n);
        }
        return text.toString();
    }
}
