package io.recsys.als;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/*
 * G = Y^T Y, the f x f Gram matrix of the fixed side shared by every row solve of a half-sweep.
 *
 * Y is cut into blocks of a fixed number of rows (BLOCK, independent of the thread count); each
 * block's contribution is computed in double with EJML, and the contributions are added in block
 * order. The blocks can run on any number of threads and the sum is still bit-for-bit the same,
 * which keeps fits reproducible whatever the thread count. Computed sequentially, the Gram was the
 * serial part of a sweep (about 8 % of a 2-thread fit at 64 factors); the blocks spread it.
 *
 * The result is mirrored from the lower triangle so it is exactly symmetric: RowSolver reads its
 * rows as columns to keep (G + lambda I) v a sum of vectorisable row updates.
 */
final class Gram {
    static final int BLOCK = 512;

    private Gram() {
    }

    /** @return G for the first {@code rows} rows of {@code y} (row-major, f per row), sequentially */
    static float[][] of(float[] y, int rows, int f) {
        var partials = new ArrayList<double[]>();
        for (var job : jobs(y, rows, f)) {
            partials.add(job.call());
        }
        return sum(partials, f);
    }

    /**
     * @return one job per block; {@link #sum} of their results in order is {@link #of}'s result
     */
    static List<Block> jobs(float[] y, int rows, int f) {
        var jobs = new ArrayList<Block>();
        for (int start = 0; start < rows; start += BLOCK) {
            jobs.add(new Block(y, start, Math.min(rows, start + BLOCK), f));
        }
        return jobs;
    }

    /** Adds the block contributions in order and mirrors the lower triangle into a float matrix. */
    static float[][] sum(List<double[]> partials, int f) {
        double[] g = new double[f * f];
        for (double[] part : partials) {
            for (int j = 0; j < g.length; j++) {
                g[j] += part[j];
            }
        }
        float[][] out = new float[f][f];
        for (int j = 0; j < f; j++) {
            for (int k = 0; k <= j; k++) {
                float v = (float) g[j * f + k];
                out[j][k] = v;
                out[k][j] = v;
            }
        }
        return out;
    }

    /** One block's Y_b^T Y_b, row-major f x f in double. */
    record Block(float[] y, int from, int to, int f) implements Callable<double[]> {
        @Override
        public double[] call() {
            int n = to - from;
            var chunk = new DMatrixRMaj(n, f);
            double[] d = chunk.data;
            int off = from * f;
            for (int j = 0; j < n * f; j++) {
                d[j] = y[off + j];
            }
            var g = new DMatrixRMaj(f, f);
            CommonOps_DDRM.multTransA(chunk, chunk, g);
            return g.data;
        }
    }
}
