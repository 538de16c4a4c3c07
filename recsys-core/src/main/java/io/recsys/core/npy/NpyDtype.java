package io.recsys.core.npy;

/** The NumPy element types this library reads and writes. */
public enum NpyDtype {
    /** {@code float32} ({@code <f4}). */
    FLOAT32('f', 4),
    /** {@code float64} ({@code <f8}). */
    FLOAT64('f', 8),
    /** {@code int32} ({@code <i4}). */
    INT32('i', 4),
    /** {@code int64} ({@code <i8}). */
    INT64('i', 8);

    private final char kind;
    private final int size;

    NpyDtype(char kind, int size) {
        this.kind = kind;
        this.size = size;
    }

    /** @return bytes per element */
    public int size() {
        return size;
    }

    /** @return the little-endian NumPy descriptor, e.g. {@code <f4} */
    public String descr() {
        return "<" + kind + size;
    }

    static NpyDtype fromKind(char kind, int size) {
        for (NpyDtype d : values()) {
            if (d.kind == kind && d.size == size) {
                return d;
            }
        }
        return null;
    }
}
