package io.recsys.core.npy;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;

/**
 * A 1-D or 2-D array read from a {@code .npy} file, in C order, over a read-only buffer (a heap
 * copy or a memory-mapped region of the file). Conversion methods copy into Java arrays.
 */
public final class NpyArray {
    private final NpyDtype dtype;
    private final long[] shape;
    private final ByteBuffer data;

    NpyArray(NpyDtype dtype, long[] shape, ByteBuffer data) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    /** @return the element type */
    public NpyDtype dtype() {
        return dtype;
    }

    /** @return the shape (a copy), one or two dimensions */
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of dimensions */
    public int ndim() {
        return shape.length;
    }

    /** @return the first dimension */
    public long rows() {
        return shape[0];
    }

    /** @return the second dimension, or 1 for a 1-D array */
    public long cols() {
        return shape.length > 1 ? shape[1] : 1;
    }

    /** @return the number of elements */
    public long size() {
        return rows() * cols();
    }

    /** @return the raw little- or big-endian data (read-only, its own position and byte order) */
    public ByteBuffer buffer() {
        return data.duplicate().order(data.order());
    }

    /**
     * @return a view of float32 data (no copy; mapped when the array was mapped)
     * @throws IllegalStateException when the dtype is not float32
     */
    public FloatBuffer floatView() {
        require(NpyDtype.FLOAT32);
        return buffer().asFloatBuffer();
    }

    /**
     * @return a view of int32 data (no copy)
     * @throws IllegalStateException when the dtype is not int32
     */
    public IntBuffer intView() {
        require(NpyDtype.INT32);
        return buffer().asIntBuffer();
    }

    /**
     * @return a view of int64 data (no copy)
     * @throws IllegalStateException when the dtype is not int64
     */
    public LongBuffer longView() {
        require(NpyDtype.INT64);
        return buffer().asLongBuffer();
    }

    /** @return the elements as floats (float64 is narrowed, integers converted) */
    public float[] toFloatArray() {
        int n = checkedSize();
        float[] out = new float[n];
        ByteBuffer b = buffer();
        switch (dtype) {
            case FLOAT32 -> b.asFloatBuffer().get(out);
            case FLOAT64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) b.getDouble(i * 8);
                }
            }
            case INT32 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.getInt(i * 4);
                }
            }
            case INT64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.getLong(i * 8);
                }
            }
            default -> throw new IllegalStateException("unreachable");
        }
        return out;
    }

    /** @return the elements as doubles */
    public double[] toDoubleArray() {
        int n = checkedSize();
        double[] out = new double[n];
        ByteBuffer b = buffer();
        for (int i = 0; i < n; i++) {
            out[i] = switch (dtype) {
                case FLOAT32 -> b.getFloat(i * 4);
                case FLOAT64 -> b.getDouble(i * 8);
                case INT32 -> b.getInt(i * 4);
                case INT64 -> b.getLong(i * 8);
            };
        }
        return out;
    }

    /**
     * @return the elements as longs
     * @throws IllegalStateException when the dtype is not an integer type
     */
    public long[] toLongArray() {
        int n = checkedSize();
        long[] out = new long[n];
        ByteBuffer b = buffer();
        switch (dtype) {
            case INT64 -> b.asLongBuffer().get(out);
            case INT32 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.getInt(i * 4);
                }
            }
            default -> throw new IllegalStateException("expected an integer array, found " + dtype.descr());
        }
        return out;
    }

    /**
     * @return the elements as ints
     * @throws IllegalStateException when the dtype is not an integer type or a value does not fit
     */
    public int[] toIntArray() {
        int n = checkedSize();
        int[] out = new int[n];
        ByteBuffer b = buffer();
        switch (dtype) {
            case INT32 -> b.asIntBuffer().get(out);
            case INT64 -> {
                for (int i = 0; i < n; i++) {
                    long v = b.getLong(i * 8);
                    if (v != (int) v) {
                        throw new IllegalStateException("value " + v + " at " + i + " does not fit in int32");
                    }
                    out[i] = (int) v;
                }
            }
            default -> throw new IllegalStateException("expected an integer array, found " + dtype.descr());
        }
        return out;
    }

    private int checkedSize() {
        long n = size();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("array of " + n + " elements does not fit a Java array");
        }
        return (int) n;
    }

    private void require(NpyDtype expected) {
        if (dtype != expected) {
            throw new IllegalStateException("expected " + expected.descr() + ", found " + dtype.descr());
        }
    }

    @Override
    public String toString() {
        return "NpyArray[" + dtype.descr() + ", shape=" + java.util.Arrays.toString(shape) + "]";
    }
}
