package io.recsys.als;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/*
 * The load-time half of BoundedScan: the item factors in a rotated basis, sorted by norm, in tiles.
 *
 * The rotation R has the eigenvectors of the item Gram matrix V^T V as rows, largest eigenvalue
 * first, so the first rotated dimensions carry most of the items' energy and a score computed on
 * them leaves a small "tail" whose size Cauchy-Schwarz bounds. R is computed in double and checked
 * to be orthogonal to within ORTHOGONALITY (Frobenius norm of R R^T - I); each rotated factor is
 * R v in double, rounded once to float.
 *
 * Items are sorted by the norm of their original fp32 vector, largest first, and cut into tiles of
 * TILE items stored factor-major (tiles[t * f + j][lane] is rotated factor j of the item at sorted
 * position t * TILE + lane), the layout ItemBlocks uses so that C2 vectorises the lane loop. Per
 * sorted position: the original index, an upper bound of ||v|| and an upper bound of the norm of
 * the rotated factors splits[s]..f ("tail") for each stage s; per tile: the largest of its items' norm bounds. The last
 * tile is zero-padded (norm 0, never reported).
 */
final class RotatedItems {
    /** Items per tile: 32 and 64 prune more but run slower per item (JMH, docs/benchmarks.md); 128 ~ 256. */
    static final int TILE = 128;
    /** The largest Frobenius norm of R R^T - I accepted for the rotation. */
    static final double ORTHOGONALITY = 0x1p-30;

    final int items;
    final int f;
    final int[] splits;
    final int tiles;
    /** R^T row-major, rounded to float: {@code rotationT[k * f + j] = R[j][k]}, so u' = sum_k u[k] rotationT[k]. */
    final float[] rotationT;
    final float[][] factorTiles;
    final int[] original;
    final float[] norm;
    /** {@code tailNorm[s][p]}: bound of the norm of rotated dims splits[s]..f at sorted position p. */
    final float[][] tailNorm;
    final float[] tileMaxNorm;

    private RotatedItems(int items, int f, int[] splits, float[] rotationT, float[][] factorTiles, int[] original,
                         float[] norm, float[][] tailNorm, float[] tileMaxNorm) {
        this.items = items;
        this.f = f;
        this.splits = splits;
        this.tiles = tileMaxNorm.length;
        this.rotationT = rotationT;
        this.factorTiles = factorTiles;
        this.original = original;
        this.norm = norm;
        this.tailNorm = tailNorm;
        this.tileMaxNorm = tileMaxNorm;
    }

    /**
     * Builds the rotated tiles, or returns null when the factors do not suit bounds: a factor that is
     * not finite or so large that a score could overflow, or a rotation EJML could not make orthogonal.
     *
     * @param rowMajor the fp32 item factors, {@code items x f}
     * @param splits increasing counts of leading rotated dimensions after which the partial scores are checked, each in 1..f-1
     */
    static RotatedItems build(float[] rowMajor, int items, int f, int[] splits) {
        for (int s = 0; s < splits.length; s++) {
            if (splits[s] <= (s == 0 ? 0 : splits[s - 1]) || splits[s] >= f) {
                throw new IllegalArgumentException("splits must increase within 1.." + (f - 1) + ", got " + Arrays.toString(splits));
            }
        }
        long tileCount = (long) ((items + TILE - 1) / TILE) * f;
        if (tileCount > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(items + " items x " + f + " factors are too many; shard the catalogue");
        }
        for (float x : rowMajor) {
            if (!(Math.abs(x) <= 0x1p30f)) {
                return null;
            }
        }
        double[] rotationT = rotation(rowMajor, items, f);
        if (rotationT == null) {
            return null;
        }
        double[] sq = new double[items];
        for (int i = 0; i < items; i++) {
            double s = 0;
            for (int j = 0; j < f; j++) {
                double x = rowMajor[i * f + j];
                s += x * x;
            }
            sq[i] = s;
        }
        int[] order = sortByNormDescending(sq);
        int nTiles = (items + TILE - 1) / TILE;
        int padded = nTiles * TILE;
        float[][] factorTiles = new float[(int) tileCount][TILE];
        int[] original = new int[padded];
        float[] norm = new float[padded];
        float[][] tailNorm = new float[splits.length][padded];
        double[] tails = new double[splits.length];
        float[] tileMaxNorm = new float[nTiles];
        double[] rotated = new double[f];
        for (int p = 0; p < items; p++) {
            int i = order[p];
            original[p] = i;
            Arrays.fill(rotated, 0);
            for (int k = 0; k < f; k++) {
                double x = rowMajor[i * f + k];
                for (int j = 0; j < f; j++) {
                    rotated[j] += x * rotationT[k * f + j];
                }
            }
            Arrays.fill(tails, 0);
            for (int j = 0; j < f; j++) {
                float r = (float) rotated[j];
                factorTiles[(p / TILE) * f + j][p % TILE] = r;
                for (int s = 0; s < splits.length; s++) {
                    if (j >= splits[s]) {
                        tails[s] += (double) r * r;
                    }
                }
            }
            norm[p] = up(Math.sqrt(sq[i]));
            for (int s = 0; s < splits.length; s++) {
                tailNorm[s][p] = up(Math.sqrt(tails[s]));
            }
            tileMaxNorm[p / TILE] = Math.max(tileMaxNorm[p / TILE], norm[p]);
        }
        float[] rotationTf = new float[f * f];
        for (int p = 0; p < rotationTf.length; p++) {
            rotationTf[p] = (float) rotationT[p];
        }
        return new RotatedItems(items, f, splits.clone(), rotationTf, factorTiles, original, norm, tailNorm, tileMaxNorm);
    }

    /** The next float at or above {@code x}. */
    static float up(double x) {
        float r = (float) x;
        return r < x ? Math.nextUp(r) : r;
    }

    private static int[] sortByNormDescending(double[] sq) {
        Integer[] order = new Integer[sq.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> sq[a] != sq[b] ? Double.compare(sq[b], sq[a]) : Integer.compare(a, b));
        int[] out = new int[order.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /** R^T (row-major) from the eigenvectors of V^T V by eigenvalue, largest first; null if not orthogonal. */
    private static double[] rotation(float[] v, int items, int f) {
        var gram = new DMatrixRMaj(f, f);
        double[] g = gram.data;
        for (int i = 0; i < items; i++) {
            int o = i * f;
            for (int a = 0; a < f; a++) {
                double x = v[o + a];
                for (int b = a; b < f; b++) {
                    g[a * f + b] += x * v[o + b];
                }
            }
        }
        for (int a = 0; a < f; a++) {
            for (int b = 0; b < a; b++) {
                g[a * f + b] = g[b * f + a];
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(f, true, true);
        if (!eig.decompose(gram) || eig.getNumberOfEigenvalues() != f) {
            return null;
        }
        Integer[] order = new Integer[f];
        double[] values = new double[f];
        for (int j = 0; j < f; j++) {
            order[j] = j;
            values[j] = eig.getEigenvalue(j).real;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        double[] rt = new double[f * f];
        for (int j = 0; j < f; j++) {
            DMatrixRMaj vec = eig.getEigenVector(order[j]);
            if (vec == null) {
                return null;
            }
            double len = 0;
            for (int k = 0; k < f; k++) {
                len += vec.get(k) * vec.get(k);
            }
            len = Math.sqrt(len);
            for (int k = 0; k < f; k++) {
                rt[k * f + j] = vec.get(k) / len;
            }
        }
        return orthogonal(rt, f) ? rt : null;
    }

    /** Whether the Frobenius norm of R R^T - I is at most ORTHOGONALITY (rows of R are columns of rt). */
    private static boolean orthogonal(double[] rt, int f) {
        double err = 0;
        for (int a = 0; a < f; a++) {
            for (int b = 0; b < f; b++) {
                double s = 0;
                for (int k = 0; k < f; k++) {
                    s += rt[k * f + a] * rt[k * f + b];
                }
                double d = s - (a == b ? 1 : 0);
                err += d * d;
            }
        }
        return Math.sqrt(err) <= ORTHOGONALITY;
    }
}
