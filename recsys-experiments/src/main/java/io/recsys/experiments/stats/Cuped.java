package io.recsys.experiments.stats;

/**
 * CUPED: Controlled-experiment Using Pre-Experiment Data (Deng, Xu, Kohavi, Walker, WSDM 2013).
 * Each unit has an outcome y and a covariate x measured before exposure (so the treatment cannot
 * move it), e.g. the user's activity before the experiment. With θ from the pooled data
 * <pre>
 *   θ = cov(y, x) / var(x),    y' = y − θ·(x − x̄)                    (x̄ over both arms)
 * </pre>
 * the adjusted outcomes keep the same expected difference between arms (x has the same
 * distribution in both under randomisation) and their variance shrinks by the factor
 * {@code 1 − ρ²(y, x)}: the reported {@code varianceReduction} is {@code 1 − var(y')/var(y)}
 * on the pooled data. Both effects are tested with Welch's t-test; pooling θ over arms keeps the
 * estimate unbiased to first order (Deng et al., §3.3). The same as R's
 * {@code theta <- cov(y, x)/var(x); t.test(yb - theta*(xb - mean(x)), ya - theta*(xa - mean(x)))}.
 */
public final class Cuped {

    private Cuped() {
    }

    /**
     * @param theta the regression coefficient of y on x over both arms (0 when x is constant)
     * @param varianceReduction {@code 1 − var(y')/var(y)}, in [0, 1]
     * @param unadjusted Welch's test of B − A on y
     * @param adjusted Welch's test of B − A on y'
     */
    public record Result(double theta, double varianceReduction, WelchTTest.Result unadjusted,
            WelchTTest.Result adjusted) {
    }

    /**
     * @param outcomeA y per unit of A
     * @param covariateA x per unit of A, same length
     * @param outcomeB y per unit of B
     * @param covariateB x per unit of B, same length
     * @param confidenceLevel the interval level in (0, 1)
     * @return the unadjusted and adjusted tests
     * @throws IllegalArgumentException on mismatched lengths, fewer than 2 units per arm or
     *     non-finite values
     */
    public static Result test(double[] outcomeA, double[] covariateA, double[] outcomeB,
            double[] covariateB, double confidenceLevel) {
        Checks.finiteSample("outcome A", outcomeA, 2);
        Checks.finiteSample("covariate A", covariateA, 2);
        Checks.finiteSample("outcome B", outcomeB, 2);
        Checks.finiteSample("covariate B", covariateB, 2);
        if (outcomeA.length != covariateA.length || outcomeB.length != covariateB.length) {
            throw new IllegalArgumentException("each unit needs one outcome and one covariate: A has "
                    + outcomeA.length + " and " + covariateA.length + ", B has " + outcomeB.length
                    + " and " + covariateB.length);
        }
        double[] y = concat(outcomeA, outcomeB);
        double[] x = concat(covariateA, covariateB);
        double shiftY = y[0];
        double shiftX = x[0];
        double meanY = WelchTTest.mean(y, shiftY);
        double meanX = WelchTTest.mean(x, shiftX);
        double sxx = 0.0;
        double sxy = 0.0;
        double syy = 0.0;
        for (int i = 0; i < y.length; i++) {
            double dx = (x[i] - shiftX) - meanX;
            double dy = (y[i] - shiftY) - meanY;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        double theta = sxx == 0.0 ? 0.0 : sxy / sxx;
        double xBar = shiftX + meanX;
        double[] adjustedA = adjust(outcomeA, covariateA, theta, xBar);
        double[] adjustedB = adjust(outcomeB, covariateB, theta, xBar);
        double residual = Math.max(0.0, syy - theta * sxy);
        double reduction = syy == 0.0 ? 0.0 : Math.max(0.0, Math.min(1.0, 1.0 - residual / syy));
        return new Result(theta, reduction, WelchTTest.test(outcomeA, outcomeB, confidenceLevel),
                WelchTTest.test(adjustedA, adjustedB, confidenceLevel));
    }

    private static double[] adjust(double[] y, double[] x, double theta, double xBar) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = y[i] - theta * (x[i] - xBar);
        }
        return out;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = new double[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
