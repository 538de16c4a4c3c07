package io.recsys.provenance.sink;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reusable line of text and its UTF-8 bytes: a generator writes characters into it, then the
 * bytes are encoded once into a reused buffer, so writing a line allocates nothing once the
 * buffers have grown to the longest line. The bytes are those of {@code String.getBytes(UTF_8)}
 * for the same characters (an unpaired surrogate becomes {@code ?}). Not thread-safe.
 */
final class Utf8LineBuffer extends Writer {
    private char[] chars = new char[512];
    private int length;
    private ByteBuffer bytes = ByteBuffer.allocate(1024);
    private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);

    @Override
    public void write(char[] buf, int off, int len) {
        ensure(len);
        System.arraycopy(buf, off, chars, length, len);
        length += len;
    }

    @Override
    public void write(int c) {
        ensure(1);
        chars[length++] = (char) c;
    }

    @Override
    public void write(String s, int off, int len) {
        ensure(len);
        s.getChars(off, off + len, chars, length);
        length += len;
    }

    private void ensure(int more) {
        if (length + more > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(length + more, chars.length * 2));
        }
    }

    /** Forgets the line (the buffers stay). */
    void reset() {
        length = 0;
    }

    /**
     * Encodes the line as UTF-8 into the reused byte buffer.
     *
     * @return the number of bytes, written by {@link #writeTo}
     */
    int encode() {
        encoder.reset();
        CharBuffer in = CharBuffer.wrap(chars, 0, length);
        bytes.clear();
        while (true) {
            CoderResult r = encoder.encode(in, bytes, true);
            if (r.isUnderflow()) {
                r = encoder.flush(bytes);
            }
            if (r.isUnderflow()) {
                break;
            }
            // overflow: a larger buffer, and the line encoded again from its start
            bytes = ByteBuffer.allocate(bytes.capacity() * 2);
            encoder.reset();
            in.rewind();
        }
        return bytes.position();
    }

    /** Writes the bytes of the last {@link #encode}. */
    void writeTo(OutputStream out) throws IOException {
        out.write(bytes.array(), 0, bytes.position());
    }

    @Override
    public void flush() {
        // nothing buffered beyond the line itself
    }

    @Override
    public void close() {
        // the buffers are reused; nothing to release
    }
}
