package io.recsys.als.data;

import java.util.Arrays;

/**
 * An immutable sparse matrix in compressed-sparse-row form: for row {@code r}, entries
 * {@code start(r) <= p < end(r)} hold column {@code column(p)}, value {@code value(p)} and, when
 * present, timestamp {@code timestamp(p)}. Columns are strictly increasing within a row.
 *
 * <p>Indices are {@code int}, values {@code float}, timestamps {@code long} (epoch seconds in the
 * MovieLens files). Thread-safe.
 */
public final class CsrMatrix {
    private final int rows;
    private final int cols;
    private final int[] indptr;
    private final int[] indices;
    private final float[] values;
    private final long[] timestamps;

    CsrMatrix(int rows, int cols, int[] indptr, int[] indices, float[] values, long[] timestamps) {
        this.rows = rows;
        this.cols = cols;
        this.indptr = indptr;
        this.indices = indices;
        this.values = values;
        this.timestamps = timestamps;
    }

    /**
     * Builds a matrix from its arrays (copied), validating the structure.
     *
     * @param rows number of rows
     * @param cols number of columns
     * @param indptr row pointers, length {@code rows + 1}, non-decreasing, from 0 to nnz
     * @param indices column of each entry, strictly increasing within a row
     * @param values value of each entry
     * @param timestamps timestamp of each entry, or null when there are none
     * @return the matrix
     * @throws IllegalArgumentException when the arrays are inconsistent
     */
    public static CsrMatrix of(int rows, int cols, int[] indptr, int[] indices, float[] values, long[] timestamps) {
        if (indptr.length != rows + 1 || indptr[0] != 0 || indptr[rows] != indices.length) {
            throw new IllegalArgumentException("indptr must have rows+1 entries from 0 to nnz");
        }
        if (values.length != indices.length || (timestamps != null && timestamps.length != indices.length)) {
            throw new IllegalArgumentException("indices, values and timestamps differ in length");
        }
        for (int r = 0; r < rows; r++) {
            if (indptr[r] > indptr[r + 1]) {
                throw new IllegalArgumentException("indptr decreases at row " + r);
            }
            for (int p = indptr[r]; p < indptr[r + 1]; p++) {
                if (indices[p] < 0 || indices[p] >= cols || (p > indptr[r] && indices[p] <= indices[p - 1])) {
                    throw new IllegalArgumentException("row " + r + ": columns must be in [0," + cols + ") and strictly increasing");
                }
            }
        }
        return new CsrMatrix(rows, cols, indptr.clone(), indices.clone(), values.clone(),
                timestamps == null ? null : timestamps.clone());
    }

    /** @return the number of rows */
    public int rows() {
        return rows;
    }

    /** @return the number of columns */
    public int cols() {
        return cols;
    }

    /** @return the number of stored entries */
    public int nnz() {
        return indices.length;
    }

    /**
     * @param row a row
     * @return position of the row's first entry
     */
    public int start(int row) {
        return indptr[row];
    }

    /**
     * @param row a row
     * @return position after the row's last entry
     */
    public int end(int row) {
        return indptr[row + 1];
    }

    /**
     * @param row a row
     * @return the number of entries in the row
     */
    public int rowLength(int row) {
        return indptr[row + 1] - indptr[row];
    }

    /**
     * @param position an entry position, {@code 0 <= position < nnz()}
     * @return the entry's column
     */
    public int column(int position) {
        return indices[position];
    }

    /**
     * @param position an entry position
     * @return the entry's value
     */
    public float value(int position) {
        return values[position];
    }

    /** @return whether entries carry timestamps */
    public boolean hasTimestamps() {
        return timestamps != null;
    }

    /**
     * @param position an entry position
     * @return the entry's timestamp
     * @throws IllegalStateException when the matrix has no timestamps
     */
    public long timestamp(int position) {
        if (timestamps == null) {
            throw new IllegalStateException("This matrix has no timestamps");
        }
        return timestamps[position];
    }

    /** @return the row pointers (a copy) */
    public int[] indptr() {
        return indptr.clone();
    }

    /** @return the column indices (a copy) */
    public int[] indices() {
        return indices.clone();
    }

    /** @return the values (a copy) */
    public float[] values() {
        return values.clone();
    }

    /** @return the timestamps (a copy), or null */
    public long[] timestamps() {
        return timestamps == null ? null : timestamps.clone();
    }

    /**
     * @return the transpose (rows become columns), also with strictly increasing columns per row
     */
    public CsrMatrix transpose() {
        int nnz = indices.length;
        int[] tptr = new int[cols + 1];
        for (int p = 0; p < nnz; p++) {
            tptr[indices[p] + 1]++;
        }
        for (int c = 0; c < cols; c++) {
            tptr[c + 1] += tptr[c];
        }
        int[] next = Arrays.copyOf(tptr, cols);
        int[] tind = new int[nnz];
        float[] tval = new float[nnz];
        long[] tts = timestamps == null ? null : new long[nnz];
        // Rows are visited in increasing order, so each transposed row comes out sorted.
        for (int r = 0; r < rows; r++) {
            for (int p = indptr[r]; p < indptr[r + 1]; p++) {
                int q = next[indices[p]]++;
                tind[q] = r;
                tval[q] = values[p];
                if (tts != null) {
                    tts[q] = timestamps[p];
                }
            }
        }
        return new CsrMatrix(cols, rows, tptr, tind, tval, tts);
    }

    @Override
    public String toString() {
        return "CsrMatrix[" + rows + "x" + cols + ", nnz=" + indices.length + "]";
    }
}
