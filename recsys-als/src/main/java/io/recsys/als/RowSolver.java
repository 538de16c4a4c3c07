package io.recsys.als;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
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
 * Y^T Y (the Gram matrix G, see Gram) is shared by all rows and computed once per half-sweep, so a row only
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
    private final float[][] cols;
    private float[][] rows;
    private float[] s;
    private float[] c;
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
        this.s = new float[0];
        this.c = new float[0];
        this.rows = new float[0][];
        this.cols = new float[factors][0];
    }

    /**
     * Implicit-feedback update of row {@code row} of {@code xs} by conjugate gradient, in float
     * (as {@code implicit} does; the solve is approximate by design, and float halves the memory
     * traffic and lets the loops vectorise).
     *
     * <p>The row's observed factors y_i are gathered once into two local copies: row-major (for
     * the accumulations {@code sum_i c y_i}, an axpy per entry) and factor-major (for the
     * projections {@code s_i = y_i . v} of all entries at once, an axpy per factor). Both loops
     * run over one contiguous array without a cross-lane reduction, which C2 vectorises; the
     * per-entry dot product of the direct form is a float reduction it must keep scalar, and it
     * was half the fit time. The gather is paid once per row instead of once per CG step.
     *
     * @param gram Y^T Y, one array per row
     * @param lambda this row's regularisation
     * @param ys the fixed factors
     * @param weight per entry, c - 1 = alpha * r
     */
    void solveImplicit(float[][] gram, float lambda, float[] ys, int[] indptr, int[] indices, float[] weight,
                       int row, float[] xs, int cgSteps) {
        final int f = this.f;
        final float[] x = this.x;
        final float[] r = this.r;
        final float[] p = this.p;
        final float[] ap = this.ap;
        int xOff = row * f;
        System.arraycopy(xs, xOff, x, 0, f);
        int start = indptr[row];
        int n = indptr[row + 1] - start;
        gather(ys, indices, start, n);
        final float[] s = this.s;
        final float[] c = this.c;
        // r = b - A x = sum_i (c_i - (c_i - 1) y_i.x) y_i - G x - lambda x
        multiply(gram, x, lambda, r);
        for (int j = 0; j < f; j++) {
            r[j] = -r[j];
        }
        project(x, n);
        for (int q = 0; q < n; q++) {
            float w = weight[start + q];
            c[q] = (1f + w) - w * s[q];
        }
        accumulate(c, n, r);
        float rsOld = dot(r, 0, r, 0, f);
        if (rsOld < EPSILON) {
            return;
        }
        System.arraycopy(r, 0, p, 0, f);
        for (int step = 0; step < cgSteps; step++) {
            multiply(gram, p, lambda, ap);
            project(p, n);
            for (int q = 0; q < n; q++) {
                c[q] = weight[start + q] * s[q];
            }
            accumulate(c, n, ap);
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

    /** Copies the n factor rows indices[start..start+n) of ys into rows (row-major) and cols (factor-major). */
    private void gather(float[] ys, int[] indices, int start, int n) {
        final int f = this.f;
        if (n > s.length) {
            int cap = Math.max(n, s.length + (s.length >> 1));
            s = new float[cap];
            c = new float[cap];
            float[][] grown = Arrays.copyOf(rows, cap);
            for (int q = rows.length; q < cap; q++) {
                grown[q] = new float[f];
            }
            rows = grown;
            for (int j = 0; j < f; j++) {
                cols[j] = new float[cap];
            }
        }
        final float[][] rows = this.rows;
        final float[][] cols = this.cols;
        for (int q = 0; q < n; q++) {
            System.arraycopy(ys, indices[start + q] * f, rows[q], 0, f);
        }
        // Transpose four rows at a time: one tile reference per four stores.
        int q = 0;
        for (; q + 3 < n; q += 4) {
            float[] y0 = rows[q];
            float[] y1 = rows[q + 1];
            float[] y2 = rows[q + 2];
            float[] y3 = rows[q + 3];
            for (int j = 0; j < f; j++) {
                float[] col = cols[j];
                col[q] = y0[j];
                col[q + 1] = y1[j];
                col[q + 2] = y2[j];
                col[q + 3] = y3[j];
            }
        }
        for (; q < n; q++) {
            float[] y = rows[q];
            for (int j = 0; j < f; j++) {
                cols[j][q] = y[j];
            }
        }
    }

    /**
     * out += sum_q c[q] y_q over the n gathered rows, four rows at a time (separate arrays, so
     * SuperWord vectorises the loop over factors, and out is loaded and stored a quarter as often).
     */
    private void accumulate(float[] c, int n, float[] out) {
        final float[][] rows = this.rows;
        final int f = this.f;
        int q = 0;
        for (; q + 3 < n; q += 4) {
            float c0 = c[q];
            float c1 = c[q + 1];
            float c2 = c[q + 2];
            float c3 = c[q + 3];
            float[] r0 = rows[q];
            float[] r1 = rows[q + 1];
            float[] r2 = rows[q + 2];
            float[] r3 = rows[q + 3];
            for (int j = 0; j < f; j++) {
                out[j] += (c0 * r0[j] + c1 * r1[j]) + (c2 * r2[j] + c3 * r3[j]);
            }
        }
        for (; q < n; q++) {
            axpy(c[q], rows[q], 0, out, f);
        }
    }

    /**
     * s[q] = y_q . v for the n gathered rows, four factors at a time over the factor-major tiles
     * (separate arrays, so SuperWord vectorises the loop over q; see ItemBlocks). The sum for
     * each q runs over j in the same order whatever the row, so results are deterministic.
     */
    private void project(float[] v, int n) {
        final float[] s = this.s;
        final float[][] cols = this.cols;
        final int f = this.f;
        for (int q = 0; q < n; q++) {
            s[q] = 0f;
        }
        int j = 0;
        for (; j + 3 < f; j += 4) {
            float v0 = v[j];
            float v1 = v[j + 1];
            float v2 = v[j + 2];
            float v3 = v[j + 3];
            float[] c0 = cols[j];
            float[] c1 = cols[j + 1];
            float[] c2 = cols[j + 2];
            float[] c3 = cols[j + 3];
            for (int q = 0; q < n; q++) {
                s[q] += (v0 * c0[q] + v1 * c1[q]) + (v2 * c2[q] + v3 * c3[q]);
            }
        }
        for (; j < f; j++) {
            float vj = v[j];
            float[] c = cols[j];
            for (int q = 0; q < n; q++) {
                s[q] += vj * c[q];
            }
        }
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
    double implicitLoss(float[][] gram, float lambda, float[] ys, int[] indptr, int[] indices, float[] weight,
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

    /**
     * out = (G + lambda I) v, as a sum of G's rows scaled by v (G is symmetric, so row k is column
     * k): axpy loops that vectorise, where the row-by-row dot products would not.
     */
    private static void multiply(float[][] g, float[] v, float lambda, float[] out) {
        int f = v.length;
        for (int j = 0; j < f; j++) {
            out[j] = lambda * v[j];
        }
        int k = 0;
        for (; k + 3 < f; k += 4) {
            float v0 = v[k];
            float v1 = v[k + 1];
            float v2 = v[k + 2];
            float v3 = v[k + 3];
            float[] g0 = g[k];
            float[] g1 = g[k + 1];
            float[] g2 = g[k + 2];
            float[] g3 = g[k + 3];
            for (int j = 0; j < f; j++) {
                out[j] += (v0 * g0[j] + v1 * g1[j]) + (v2 * g2[j] + v3 * g3[j]);
            }
        }
        for (; k < f; k++) {
            axpy(v[k], g[k], 0, out, f);
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
