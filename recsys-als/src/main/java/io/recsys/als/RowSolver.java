package io.recsys.als;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/*
 * One half-sweep of alternating least squares: with the "other side" factors Y fixed (one row of
 * f floats per column of the interaction matrix), solve every row x_u of X.
 *
 * Implicit feedback (Hu, Koren, Volinsky, "Collaborative Filtering for Implicit Feedback
 * Datasets", ICDM 2008): every (u, i) pair has preference p_ui = 1 if observed else 0 and
 * confidence c_ui = 1 + alpha * r_ui (r_ui = 1 when binarised). Row u minimises
 *     sum_i c_ui (p_ui - x_u . y_i)^2 + lambda_u |x_u|^2,
 * whose normal equations are
 *     (Y^T Y + lambda_u I + sum_{i observed} (c_ui - 1) y_i y_i^T) x_u = sum_{i observed} c_ui y_i.
 * Y^T Y (the Gram matrix G) is shared by all rows and computed once per half-sweep, so a row only
 * touches its observed entries. Instead of factorising the f x f system per row we run cgSteps
 * steps of conjugate gradient warm-started from the previous x_u (Takacs, Pilaszy, Tikk,
 * "Applications of the conjugate gradient method for implicit feedback collaborative
 * filtering", RecSys 2011), exactly as the `implicit` library's least_squares_cg does: the matrix
 * is never formed, A p = G p + lambda_u p + sum_i (c_ui - 1)(y_i . p) y_i. Cost per row and step:
 * f^2 + 2 f n_u flops instead of f^3 / 3 + f^2 n_u.
 *
 * Explicit ratings: row u minimises sum_{i observed} (r_ui - x_u . y_i)^2 + lambda_u |x_u|^2,
 * solved exactly by a Cholesky factorisation of (sum_i y_i y_i^T + lambda_u I) (EJML).
 *
 * lambda_u is lambda, or lambda * n_u with weighted regularisation (ALS-WR: Zhou, Wilkinson,
 * Schreiber, Pan, "Large-scale Parallel Collaborative Filtering for the Netflix Prize", 2008),
 * which is what Spark MLlib uses.
 *
 * Each row's solve reads only Y, G and its own previous x_u, so the result is independent of how
 * rows are spread over threads: a fit is bit-for-bit reproducible for a given seed.
 */
final class RowSolver {
    private static final float EPSILON = 1e-20f;

    private final int f;
    private final float[] x;
    private final float[] r;
    private final float[] p;
    private final float[] ap;
    private DMatrixRMaj a;
    private DMatrixRMaj b;
    private DMatrixRMaj sol;
    private LinearSolverDense<DMatrixRMaj> cholesky;

    RowSolver(int factors) {
        this.f = factors;
        this.x = new float[factors];
        this.r = new float[factors];
        this.p = new float[factors];
        this.ap = new float[factors];
    }

    /**
     * Computes G = Y^T Y (f x f, row-major) with EJML, a block of rows at a time so the double
     * copy stays small. Sequential and in a fixed order: the result is deterministic.
     */
    static float[] gram(float[] y, int rows, int f) {
        int block = Math.max(1, Math.min(rows, 4096 / Math.max(1, f / 16)));
        var chunk = new DMatrixRMaj(block, f);
        var g = new DMatrixRMaj(f, f);
        for (int start = 0; start < rows; start += block) {
            int n = Math.min(block, rows - start);
            if (n != chunk.numRows) {
                chunk.reshape(n, f);
            }
            double[] d = chunk.data;
            int off = start * f;
            for (int j = 0; j < n * f; j++) {
                d[j] = y[off + j];
            }
            CommonOps_DDRM.multAddTransA(chunk, chunk, g);
        }
        float[] out = new float[f * f];
        for (int j = 0; j < out.length; j++) {
            out[j] = (float) g.data[j];
        }
        return out;
    }

    /**
     * Implicit-feedback update of row {@code row} of {@code xs} by conjugate gradient, in float
     * (as {@code implicit} does; the solve is approximate by design, and float halves the memory
     * traffic and lets the axpy loops vectorise).
     *
     * @param gram Y^T Y, row-major f x f
     * @param lambda this row's regularisation
     * @param ys the fixed factors
     * @param weight per entry, c - 1 = alpha * r
     */
    void solveImplicit(float[] gram, float lambda, float[] ys, int[] indptr, int[] indices, float[] weight,
                       int row, float[] xs, int cgSteps) {
        final int f = this.f;
        final float[] x = this.x;
        final float[] r = this.r;
        final float[] p = this.p;
        final float[] ap = this.ap;
        int xOff = row * f;
        System.arraycopy(xs, xOff, x, 0, f);
        // r = b - A x = sum_i (c_i - (c_i - 1) y_i.x) y_i - G x - lambda x
        multiply(gram, x, lambda, r);
        for (int j = 0; j < f; j++) {
            r[j] = -r[j];
        }
        int start = indptr[row];
        int end = indptr[row + 1];
        for (int q = start; q < end; q++) {
            int yOff = indices[q] * f;
            float w = weight[q];
            float coef = (1f + w) - w * dot(ys, yOff, x, 0, f);
            axpy(coef, ys, yOff, r, f);
        }
        float rsOld = dot(r, 0, r, 0, f);
        if (rsOld < EPSILON) {
            return;
        }
        System.arraycopy(r, 0, p, 0, f);
        for (int step = 0; step < cgSteps; step++) {
            multiply(gram, p, lambda, ap);
            for (int q = start; q < end; q++) {
                int yOff = indices[q] * f;
                axpy(weight[q] * dot(ys, yOff, p, 0, f), ys, yOff, ap, f);
            }
            float pAp = dot(p, 0, ap, 0, f);
            if (!(pAp > 0)) {
                break;
            }
            float a = rsOld / pAp;
            for (int j = 0; j < f; j++) {
                x[j] += a * p[j];
                r[j] -= a * ap[j];
            }
            float rsNew = dot(r, 0, r, 0, f);
            if (rsNew < EPSILON) {
                break;
            }
            float beta = rsNew / rsOld;
            for (int j = 0; j < f; j++) {
                p[j] = r[j] + beta * p[j];
            }
            rsOld = rsNew;
        }
        System.arraycopy(x, 0, xs, xOff, f);
    }

    /** Explicit-ratings update of one row by an exact Cholesky solve; rows without entries become 0. */
    void solveExplicit(double lambda, float[] ys, int[] indptr, int[] indices, float[] ratings, int row, float[] xs) {
        final int f = this.f;
        int xOff = row * f;
        int start = indptr[row];
        int end = indptr[row + 1];
        if (start == end) {
            for (int j = 0; j < f; j++) {
                xs[xOff + j] = 0f;
            }
            return;
        }
        if (a == null) {
            a = new DMatrixRMaj(f, f);
            b = new DMatrixRMaj(f, 1);
            sol = new DMatrixRMaj(f, 1);
            cholesky = LinearSolverFactory_DDRM.chol(f);
        }
        double[] ad = a.data;
        double[] bd = b.data;
        java.util.Arrays.fill(ad, 0.0);
        java.util.Arrays.fill(bd, 0.0);
        for (int q = start; q < end; q++) {
            int yOff = indices[q] * f;
            double rating = ratings[q];
            for (int j = 0; j < f; j++) {
                double yj = ys[yOff + j];
                bd[j] += rating * yj;
                int rowOff = j * f;
                for (int k = 0; k <= j; k++) {
                    ad[rowOff + k] += yj * ys[yOff + k];
                }
            }
        }
        for (int j = 0; j < f; j++) {
            ad[j * f + j] += lambda;
            for (int k = 0; k < j; k++) {
                ad[k * f + j] = ad[j * f + k];
            }
        }
        if (cholesky.setA(a)) {
            cholesky.solve(b, sol);
        } else {
            // Singular without regularisation (fewer ratings than factors): least-norm solution.
            var pinv = LinearSolverFactory_DDRM.pseudoInverse(true);
            pinv.setA(a);
            pinv.solve(b, sol);
        }
        for (int j = 0; j < f; j++) {
            xs[xOff + j] = (float) sol.data[j];
        }
    }

    /**
     * Implicit objective terms of one row (see AlsTrainer): x^T G x + lambda |x|^2 +
     * sum_i [(c_i - 1) s_i^2 + c_i - 2 c_i s_i] with s_i = x . y_i.
     */
    double implicitLoss(float[] gram, float lambda, float[] ys, int[] indptr, int[] indices, float[] weight,
                        int row, float[] xs) {
        final int f = this.f;
        System.arraycopy(xs, row * f, x, 0, f);
        multiply(gram, x, lambda, r);
        double loss = dot(x, 0, r, 0, f);
        for (int q = indptr[row]; q < indptr[row + 1]; q++) {
            double s = dot(ys, indices[q] * f, x, 0, f);
            double w = weight[q];
            double c = 1.0 + w;
            loss += w * s * s + c - 2 * c * s;
        }
        return loss;
    }

    /** Explicit objective terms of one row: sum_i (r_i - x . y_i)^2 + lambda |x|^2. */
    double explicitLoss(double lambda, float[] ys, int[] indptr, int[] indices, float[] ratings, int row, float[] xs) {
        final int f = this.f;
        System.arraycopy(xs, row * f, x, 0, f);
        double loss = lambda * dot(x, 0, x, 0, f);
        for (int q = indptr[row]; q < indptr[row + 1]; q++) {
            double e = ratings[q] - dot(ys, indices[q] * f, x, 0, f);
            loss += e * e;
        }
        return loss;
    }

    /** out = (G + lambda I) v. */
    private static void multiply(float[] g, float[] v, float lambda, float[] out) {
        int f = v.length;
        for (int j = 0; j < f; j++) {
            out[j] = dot(g, j * f, v, 0, f) + lambda * v[j];
        }
    }

    /** Dot product with eight independent partial sums (a float reduction C2 cannot vectorise itself). */
    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int j = 0;
        for (; j + 7 < n; j += 8) {
            s0 += a[aOff + j] * b[bOff + j];
            s1 += a[aOff + j + 1] * b[bOff + j + 1];
            s2 += a[aOff + j + 2] * b[bOff + j + 2];
            s3 += a[aOff + j + 3] * b[bOff + j + 3];
            s4 += a[aOff + j + 4] * b[bOff + j + 4];
            s5 += a[aOff + j + 5] * b[bOff + j + 5];
            s6 += a[aOff + j + 6] * b[bOff + j + 6];
            s7 += a[aOff + j + 7] * b[bOff + j + 7];
        }
        for (; j < n; j++) {
            s0 += a[aOff + j] * b[bOff + j];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    private static void axpy(float coef, float[] y, int off, float[] out, int n) {
        for (int j = 0; j < n; j++) {
            out[j] += coef * y[off + j];
        }
    }
}
