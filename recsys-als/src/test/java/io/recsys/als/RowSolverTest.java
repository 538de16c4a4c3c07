package io.recsys.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class RowSolverTest {

    /** Solves (Y^T Y + lambda I + sum_i w_i y_i y_i^T) x = sum_i (1 + w_i) y_i exactly with EJML's Cholesky. */
    private static double[] exact(float[] ys, int f, int[] observed, float[] w, double lambda) {
        int n = ys.length / f;
        var a = new DMatrixRMaj(f, f);
        var b = new DMatrixRMaj(f, 1);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                for (int k = 0; k < f; k++) {
                    a.add(j, k, ys[i * f + j] * (double) ys[i * f + k]);
                }
            }
        }
        for (int q = 0; q < observed.length; q++) {
            int i = observed[q];
            for (int j = 0; j < f; j++) {
                b.add(j, 0, (1 + w[q]) * (double) ys[i * f + j]);
                for (int k = 0; k < f; k++) {
                    a.add(j, k, w[q] * ys[i * f + j] * (double) ys[i * f + k]);
                }
            }
        }
        for (int j = 0; j < f; j++) {
            a.add(j, j, lambda);
        }
        var solver = LinearSolverFactory_DDRM.chol(f);
        assertThat(solver.setA(a)).isTrue();
        var x = new DMatrixRMaj(f, 1);
        solver.solve(b, x);
        return x.data;
    }

    @RepeatedTest(5)
    void solveImplicit_conjugateGradientMatchesCholesky(RepetitionInfo rep) {
        var rnd = new SplittableRandom(rep.getCurrentRepetition());
        int f = 8;
        int n = 40;
        float[] ys = new float[n * f];
        for (int j = 0; j < ys.length; j++) {
            ys[j] = (float) (rnd.nextDouble() - 0.5);
        }
        int[] observed = {1, 4, 9, 17, 23, 31, 38};
        float[] w = new float[observed.length];
        for (int q = 0; q < w.length; q++) {
            w[q] = (float) (1 + rnd.nextDouble() * 10);
        }
        double lambda = 0.1;
        double[] expected = exact(ys, f, observed, w, lambda);

        float[][] gram = Gram.of(ys, n, f);
        float[] xs = new float[f];
        // In exact arithmetic CG solves an f x f system in f steps; give float rounding a few more.
        new RowSolver(f).solveImplicit(gram, (float) lambda, ys, new int[] {0, observed.length}, observed, w, 0, xs, 2 * f);
        for (int j = 0; j < f; j++) {
            assertThat((double) xs[j]).isCloseTo(expected[j], within(1e-3 * (1 + Math.abs(expected[j]))));
        }
    }

    @Test
    void solveImplicit_fewStepsWarmStartedConverge() {
        var rnd = new SplittableRandom(3);
        int f = 16;
        int n = 60;
        float[] ys = new float[n * f];
        for (int j = 0; j < ys.length; j++) {
            ys[j] = (float) (rnd.nextDouble() - 0.5);
        }
        int[] observed = {0, 5, 6, 11, 30, 59};
        float[] w = {3, 3, 3, 3, 3, 3};
        double[] expected = exact(ys, f, observed, w, 0.05);
        float[][] gram = Gram.of(ys, n, f);
        float[] xs = new float[f];
        var solver = new RowSolver(f);
        // Repeated 3-step solves warm-started from the previous x, as the sweeps do.
        for (int sweep = 0; sweep < 30; sweep++) {
            solver.solveImplicit(gram, 0.05f, ys, new int[] {0, observed.length}, observed, w, 0, xs, 3);
        }
        for (int j = 0; j < f; j++) {
            assertThat((double) xs[j]).isCloseTo(expected[j], within(1e-3 * (1 + Math.abs(expected[j]))));
        }
    }

    @Test
    void solveExplicit_matchesNormalEquations() {
        int f = 3;
        float[] ys = {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1};
        int[] observed = {0, 1, 2, 3};
        float[] ratings = {1, 2, 3, 4};
        float[] xs = new float[f];
        new RowSolver(f).solveExplicit(0.0, ys, new int[] {0, 4}, observed, ratings, 0, xs);
        // Least squares of [I; 1 1 1] x = [1 2 3 4]: (I + 11^T) x = (5, 6, 7), so by Sherman-Morrison
        // x = (5, 6, 7) - (5 + 6 + 7) / 4 = (0.5, 1.5, 2.5).
        assertThat(xs[0]).isCloseTo(0.5f, within(1e-5f));
        assertThat(xs[1]).isCloseTo(1.5f, within(1e-5f));
        assertThat(xs[2]).isCloseTo(2.5f, within(1e-5f));
    }

    @Test
    void solveImplicit_sameAnswerOnAFreshSolverAndOneThatGrewItsBuffersOnALongerRow() {
        var rnd = new SplittableRandom(11);
        int f = 13;
        int n = 2_000;
        float[] ys = new float[n * f];
        for (int j = 0; j < ys.length; j++) {
            ys[j] = (float) (rnd.nextDouble() - 0.5);
        }
        int[] longRow = new int[1_500];
        for (int q = 0; q < longRow.length; q++) {
            longRow[q] = q + 1;
        }
        int[] shortRow = {3, 7, 8, 9, 400, 1_999};
        float[] wLong = new float[longRow.length];
        java.util.Arrays.fill(wLong, 2f);
        float[] wShort = {1, 2, 3, 4, 5, 6};
        float[][] gram = Gram.of(ys, n, f);

        float[] fresh = new float[f];
        new RowSolver(f).solveImplicit(gram, 0.1f, ys, new int[] {0, shortRow.length}, shortRow, wShort, 0, fresh, 3);
        var reused = new RowSolver(f);
        reused.solveImplicit(gram, 0.1f, ys, new int[] {0, longRow.length}, longRow, wLong, 0, new float[f], 3);
        float[] again = new float[f];
        reused.solveImplicit(gram, 0.1f, ys, new int[] {0, shortRow.length}, shortRow, wShort, 0, again, 3);
        assertThat(again).isEqualTo(fresh);
    }

    @Test
    void gram_isExactlySymmetricAndMatchesDoublePrecisionProductAcrossBlocks() {
        var rnd = new SplittableRandom(5);
        int f = 9;
        int n = 3 * Gram.BLOCK + 17;
        float[] ys = new float[n * f];
        for (int j = 0; j < ys.length; j++) {
            ys[j] = (float) (rnd.nextDouble() - 0.5);
        }
        float[][] g = Gram.of(ys, n, f);
        for (int j = 0; j < f; j++) {
            for (int k = 0; k < f; k++) {
                double expected = 0;
                for (int i = 0; i < n; i++) {
                    expected += ys[i * f + j] * (double) ys[i * f + k];
                }
                assertThat((double) g[j][k]).isCloseTo(expected, within(1e-4 * (1 + Math.abs(expected))));
                assertThat(g[j][k]).isEqualTo(g[k][j]);
            }
        }
    }
}
