package io.recsys.core.npy;

import io.recsys.core.InvalidArtifactException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files (format 1.0; 2.0 and 3.0 headers are read too):
 * {@code <f4}, {@code <f8}, {@code <i4}, {@code <i8} (big-endian {@code >} variants are read),
 * C order, one or two dimensions. Files written here load with {@code numpy.load}; header length
 * is padded so the data starts on a 64-byte boundary, as NumPy does.
 *
 * <p>Malformed, truncated or unsupported files raise {@link InvalidArtifactException} naming the
 * file.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final int CHUNK = 1 << 20;

    private Npy() {
    }

    /**
     * Reads a file into heap memory.
     *
     * @param file the {@code .npy} file
     * @return the array
     * @throws IOException when the file cannot be read
     * @throws InvalidArtifactException when it is not a supported, complete {@code .npy} file
     */
    public static NpyArray read(Path file) throws IOException {
        return open(file, false);
    }

    /**
     * Maps a file read-only (FileChannel.map): the data is not copied through the heap.
     *
     * @param file the {@code .npy} file
     * @return the array, backed by the mapping
     * @throws IOException when the file cannot be read
     * @throws InvalidArtifactException when it is not a supported, complete {@code .npy} file
     */
    public static NpyArray map(Path file) throws IOException {
        return open(file, true);
    }

    private static NpyArray open(Path file, boolean map) throws IOException {
        String name = String.valueOf(file.getFileName());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, pre, 0);
            if (pre.position() < 10) {
                throw new InvalidArtifactException(name + ": truncated .npy file (" + fileSize + " bytes)");
            }
            for (int i = 0; i < MAGIC.length; i++) {
                if (pre.get(i) != MAGIC[i]) {
                    throw new InvalidArtifactException(name + ": not a .npy file (bad magic)");
                }
            }
            int major = pre.get(6);
            long headerLen;
            int headerStart;
            if (major == 1) {
                headerLen = Short.toUnsignedInt(pre.getShort(8));
                headerStart = 10;
            } else if (major == 2 || major == 3) {
                if (pre.position() < 12) {
                    throw new InvalidArtifactException(name + ": truncated .npy header");
                }
                headerLen = Integer.toUnsignedLong(pre.getInt(8));
                headerStart = 12;
            } else {
                throw new InvalidArtifactException(name + ": unsupported .npy format version " + major);
            }
            if (headerStart + headerLen > fileSize || headerLen > 1 << 20) {
                throw new InvalidArtifactException(name + ": truncated .npy header");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, headerStart);
            String header = new String(hb.array(), 0, hb.position(),
                    major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Matcher d = DESCR.matcher(header);
            Matcher fo = FORTRAN.matcher(header);
            Matcher sh = SHAPE.matcher(header);
            if (!d.find() || !fo.find() || !sh.find()) {
                throw new InvalidArtifactException(name + ": malformed .npy header: " + header.strip());
            }
            NpyDtype dtype = NpyDtype.fromKind(d.group(2).charAt(0), Integer.parseInt(d.group(3)));
            if (dtype == null) {
                throw new InvalidArtifactException(name + ": unsupported dtype '" + d.group(1) + d.group(2) + d.group(3)
                        + "'; expected <f4, <f8, <i4 or <i8");
            }
            ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            long[] shape = parseShape(name, sh.group(1));
            if (fo.group(1).equals("True") && shape.length == 2 && shape[0] > 1 && shape[1] > 1) {
                throw new InvalidArtifactException(name + ": Fortran-order arrays are not supported; save with "
                        + "numpy.save(path, numpy.ascontiguousarray(a))");
            }
            long count = 1;
            for (long s : shape) {
                count = Math.multiplyExact(count, s);
            }
            long dataStart = headerStart + headerLen;
            long bytes = Math.multiplyExact(count, dtype.size());
            if (dataStart + bytes > fileSize) {
                throw new InvalidArtifactException(name + ": truncated: shape " + java.util.Arrays.toString(shape)
                        + " needs " + bytes + " data bytes, file has " + (fileSize - dataStart));
            }
            if (bytes > Integer.MAX_VALUE) {
                throw new InvalidArtifactException(name + ": " + bytes + " bytes exceed one buffer (2 GiB)");
            }
            ByteBuffer data;
            if (map) {
                data = ch.map(FileChannel.MapMode.READ_ONLY, dataStart, bytes);
            } else {
                data = ByteBuffer.allocate((int) bytes);
                readFully(ch, data, dataStart);
                data.flip();
            }
            return new NpyArray(dtype, shape, data.asReadOnlyBuffer().order(order));
        } catch (NoSuchFileException e) {
            throw new InvalidArtifactException(name + ": file missing (" + file + ")", e);
        } catch (ArithmeticException e) {
            throw new InvalidArtifactException(name + ": shape too large", e);
        }
    }

    private static long[] parseShape(String name, String text) {
        List<Long> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String t = part.trim();
            if (t.isEmpty()) {
                continue;
            }
            try {
                long v = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
                if (v < 0) {
                    throw new NumberFormatException();
                }
                dims.add(v);
            } catch (NumberFormatException e) {
                throw new InvalidArtifactException(name + ": malformed shape (" + text + ")");
            }
        }
        if (dims.isEmpty() || dims.size() > 2) {
            throw new InvalidArtifactException(name + ": only 1-D and 2-D arrays are supported, shape is (" + text + ")");
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, pos);
            if (n < 0) {
                return;
            }
            pos += n;
        }
    }

    /**
     * Writes float32 data.
     *
     * @param file target file (replaced)
     * @param data elements in C order
     * @param shape one or two dimensions whose product is {@code data.length}
     * @throws IOException when writing fails
     */
    public static void write(Path file, float[] data, long... shape) throws IOException {
        write(file, NpyDtype.FLOAT32, data.length, shape, (buf, from, to) -> {
            for (int i = from; i < to; i++) {
                buf.putFloat(data[i]);
            }
        });
    }

    /**
     * Writes float64 data.
     *
     * @param file target file (replaced)
     * @param data elements in C order
     * @param shape one or two dimensions whose product is {@code data.length}
     * @throws IOException when writing fails
     */
    public static void write(Path file, double[] data, long... shape) throws IOException {
        write(file, NpyDtype.FLOAT64, data.length, shape, (buf, from, to) -> {
            for (int i = from; i < to; i++) {
                buf.putDouble(data[i]);
            }
        });
    }

    /**
     * Writes int32 data.
     *
     * @param file target file (replaced)
     * @param data elements in C order
     * @param shape one or two dimensions whose product is {@code data.length}
     * @throws IOException when writing fails
     */
    public static void write(Path file, int[] data, long... shape) throws IOException {
        write(file, NpyDtype.INT32, data.length, shape, (buf, from, to) -> {
            for (int i = from; i < to; i++) {
                buf.putInt(data[i]);
            }
        });
    }

    /**
     * Writes int64 data.
     *
     * @param file target file (replaced)
     * @param data elements in C order
     * @param shape one or two dimensions whose product is {@code data.length}
     * @throws IOException when writing fails
     */
    public static void write(Path file, long[] data, long... shape) throws IOException {
        write(file, NpyDtype.INT64, data.length, shape, (buf, from, to) -> {
            for (int i = from; i < to; i++) {
                buf.putLong(data[i]);
            }
        });
    }

    @FunctionalInterface
    private interface Filler {
        void fill(ByteBuffer buf, int from, int to);
    }

    private static void write(Path file, NpyDtype dtype, int length, long[] shape, Filler filler) throws IOException {
        long[] dims = shape.length == 0 ? new long[] {length} : shape;
        if (dims.length > 2) {
            throw new IllegalArgumentException("only 1-D and 2-D arrays are supported");
        }
        long product = 1;
        for (long s : dims) {
            if (s < 0) {
                throw new IllegalArgumentException("negative dimension");
            }
            product *= s;
        }
        if (product != length) {
            throw new IllegalArgumentException("shape " + java.util.Arrays.toString(dims) + " does not hold " + length + " elements");
        }
        byte[] header = header(dtype, dims);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer hb = ByteBuffer.wrap(header);
            while (hb.hasRemaining()) {
                ch.write(hb);
            }
            int perChunk = CHUNK / dtype.size();
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (int from = 0; from < length; from += perChunk) {
                int to = Math.min(length, from + perChunk);
                buf.clear();
                filler.fill(buf, from, to);
                buf.flip();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        }
    }

    static byte[] header(NpyDtype dtype, long[] shape) {
        String dims = shape.length == 1 ? shape[0] + "," : shape[0] + ", " + shape[1];
        String dict = "{'descr': '" + dtype.descr() + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String text = dict + " ".repeat(padding) + "\n";
        byte[] bytes = new byte[10 + text.length()];
        System.arraycopy(MAGIC, 0, bytes, 0, MAGIC.length);
        bytes[6] = 1;
        bytes[7] = 0;
        bytes[8] = (byte) (text.length() & 0xff);
        bytes[9] = (byte) (text.length() >>> 8);
        System.arraycopy(text.getBytes(StandardCharsets.ISO_8859_1), 0, bytes, 10, text.length());
        return bytes;
    }
}
