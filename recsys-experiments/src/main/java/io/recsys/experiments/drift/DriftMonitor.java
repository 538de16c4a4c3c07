package io.recsys.experiments.drift;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.recsys.core.PredictionRecord;
import io.recsys.core.spi.ProvenanceSink;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongToDoubleFunction;
import java.util.function.ToDoubleFunction;

/**
 * Watches live traffic for drift away from the training data, feature by feature, and publishes
 * the measures as Micrometer gauges tagged {@code feature}:
 * <pre>
 *   data.drift.psi{feature}        -&gt; Prometheus data_drift_psi
 *   data.drift.kl{feature}         -&gt; data_drift_kl          (KL(current ‖ reference), nats)
 *   data.drift.js{feature}         -&gt; data_drift_js          (Jensen–Shannon, nats)
 *   data.missing.ratio{feature}    -&gt; data_missing_ratio
 *   data.outlier.fraction{feature} -&gt; data_outlier_fraction  (numeric features only)
 * </pre>
 * Features are declared once, at build time, with their reference sample (e.g. the per-user
 * activity counts and per-item popularity of the training data, supplied by the caller as
 * arrays; nothing here depends on the model), so the tag set is fixed and small. Values are
 * kept per feature in a bounded ring of the most recent {@code window} observations (lock-free);
 * the measures are recomputed on read only when new values arrived. A gauge reads NaN, the
 * Micrometer convention for "no value", until the feature has {@code minSamples} non-missing
 * values.
 *
 * <p>As a {@link ProvenanceSink} it derives two standard features from served records, when
 * their look-ups are configured: {@link #USER_ACTIVITY} (the requesting user's training
 * activity; the look-up returns NaN for an unknown user, so the feature's missing ratio is the
 * share of unknown users) and {@link #ITEM_POPULARITY} (the training popularity of each served
 * item). Shadow records are ignored; failed requests contribute their user only.
 */
public final class DriftMonitor implements ProvenanceSink {

    /** Feature name for the requesting user's activity in the training data. */
    public static final String USER_ACTIVITY = "user_activity";
    /** Feature name for the training popularity of served items. */
    public static final String ITEM_POPULARITY = "item_popularity";

    private final Map<String, FeatureWindow> features;
    private final LongToDoubleFunction userActivity;
    private final LongToDoubleFunction itemPopularity;
    private final int minSamples;

    private DriftMonitor(Builder b) {
        this.minSamples = b.minSamples;
        this.userActivity = b.userActivity;
        this.itemPopularity = b.itemPopularity;
        Map<String, FeatureWindow> map = new LinkedHashMap<>();
        b.numeric.forEach((name, ref) -> map.put(name, new FeatureWindow(ref, null, b.window)));
        b.categorical.forEach((name, ref) -> map.put(name, new FeatureWindow(null, ref, b.window)));
        this.features = Collections.unmodifiableMap(map);
        if (userActivity != null) {
            requireNumeric(USER_ACTIVITY, "userActivity");
        }
        if (itemPopularity != null) {
            requireNumeric(ITEM_POPULARITY, "itemPopularity");
        }
        if (b.registry != null) {
            register(b.registry);
        }
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the declared feature names */
    public Set<String> features() {
        return features.keySet();
    }

    /**
     * Observes one value of a numeric feature.
     *
     * @param feature a declared numeric feature
     * @param value the value; NaN means missing
     * @throws IllegalArgumentException if the feature is not a declared numeric feature
     */
    public void observe(String feature, double value) {
        FeatureWindow f = feature(feature);
        if (f.numeric == null) {
            throw new IllegalArgumentException("feature '" + feature + "' is categorical; use observeId");
        }
        f.add(Double.doubleToRawLongBits(value));
    }

    /**
     * Observes one id of a categorical feature.
     *
     * @param feature a declared categorical feature
     * @param id the id
     * @throws IllegalArgumentException if the feature is not a declared categorical feature
     */
    public void observeId(String feature, long id) {
        FeatureWindow f = feature(feature);
        if (f.categorical == null) {
            throw new IllegalArgumentException("feature '" + feature + "' is numeric; use observe");
        }
        if (id == FeatureWindow.MISSING_ID) {
            throw new IllegalArgumentException("id Long.MIN_VALUE is reserved for a missing id");
        }
        f.add(id);
    }

    /**
     * Observes a missing value of a categorical feature.
     *
     * @param feature a declared categorical feature
     * @throws IllegalArgumentException if the feature is not a declared categorical feature
     */
    public void observeMissingId(String feature) {
        FeatureWindow f = feature(feature);
        if (f.categorical == null) {
            throw new IllegalArgumentException("feature '" + feature + "' is numeric; observe NaN");
        }
        f.add(FeatureWindow.MISSING_ID);
    }

    /**
     * Derives {@link #USER_ACTIVITY} and {@link #ITEM_POPULARITY} from a served record.
     *
     * @param record a request's provenance
     */
    @Override
    public void accept(PredictionRecord record) {
        if (record.shadow()) {
            return;
        }
        if (userActivity != null) {
            observe(USER_ACTIVITY, userActivity.applyAsDouble(record.userId()));
        }
        if (itemPopularity != null && record.successful()) {
            for (int i = 0, n = record.itemCount(); i < n; i++) {
                observe(ITEM_POPULARITY, itemPopularity.applyAsDouble(record.item(i)));
            }
        }
    }

    /**
     * The current drift report of a feature (recomputed only when values arrived since the last).
     *
     * @param feature a declared feature
     * @return its report
     * @throws IllegalArgumentException for an undeclared feature
     */
    public DriftReport report(String feature) {
        return feature(feature).report(minSamples);
    }

    @Override
    public String name() {
        return "drift-monitor";
    }

    private void register(MeterRegistry registry) {
        for (String name : features.keySet()) {
            gauge(registry, "data.drift.psi", name, DriftReport::psi, "Population stability index against the training data");
            gauge(registry, "data.drift.kl", name, DriftReport::kl, "KL(current || reference) in nats");
            gauge(registry, "data.drift.js", name, DriftReport::jensenShannon, "Jensen-Shannon divergence in nats");
            gauge(registry, "data.missing.ratio", name, DriftReport::missingRatio, "Share of missing values");
            if (features.get(name).numeric != null) {
                gauge(registry, "data.outlier.fraction", name, DriftReport::outlierFraction,
                        "Share of values outside the reference's Tukey fences");
            }
        }
    }

    private void gauge(MeterRegistry registry, String metric, String feature,
            java.util.function.Function<DriftReport, Double> measure, String description) {
        ToDoubleFunction<DriftMonitor> read = m -> {
            Double v = measure.apply(m.report(feature));
            return v == null ? Double.NaN : v;
        };
        Gauge.builder(metric, this, read)
                .tag("feature", feature)
                .description(description)
                .strongReference(true)
                .register(registry);
    }

    private FeatureWindow feature(String name) {
        FeatureWindow f = features.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown feature '" + name + "'; declared: " + features.keySet());
        }
        return f;
    }

    private void requireNumeric(String feature, String lookup) {
        FeatureWindow f = features.get(feature);
        if (f == null || f.numeric == null) {
            throw new IllegalArgumentException(lookup + " look-up needs a numeric feature '" + feature
                    + "' with its reference; declare it with numericFeature(\"" + feature + "\", ...)");
        }
    }

    /** Declares features and look-ups. */
    public static final class Builder {
        private final Map<String, NumericReference> numeric = new LinkedHashMap<>();
        private final Map<String, CategoricalReference> categorical = new LinkedHashMap<>();
        private LongToDoubleFunction userActivity;
        private LongToDoubleFunction itemPopularity;
        private MeterRegistry registry;
        private int window = 10_000;
        private int minSamples = 100;
        private int bins = 10;
        private int maxCategories = 50;

        private Builder() {
        }

        /**
         * @param bins quantile bins for numeric features declared after this call (default 10)
         * @return this builder
         */
        public Builder bins(int bins) {
            this.bins = bins;
            return this;
        }

        /**
         * @param maxCategories bins for categorical features declared after this call (default 50, plus "other")
         * @return this builder
         */
        public Builder maxCategories(int maxCategories) {
            this.maxCategories = maxCategories;
            return this;
        }

        /**
         * Declares a numeric feature.
         *
         * @param name feature name: a fixed identifier such as {@code user_activity}, used as a tag value
         * @param reference its reference (training) sample
         * @return this builder
         * @throws IllegalArgumentException on a duplicate or malformed name or an unusable reference
         */
        public Builder numericFeature(String name, double[] reference) {
            checkName(name);
            numeric.put(name, NumericReference.of(reference, bins));
            return this;
        }

        /**
         * Declares a numeric feature from counts (e.g. per-user activity).
         *
         * @param name feature name
         * @param reference its reference sample
         * @return this builder
         * @throws IllegalArgumentException on a duplicate or malformed name or an unusable reference
         */
        public Builder numericFeature(String name, long[] reference) {
            return numericFeature(name, Arrays.stream(reference).asDoubleStream().toArray());
        }

        /**
         * Declares a categorical (id-valued) feature.
         *
         * @param name feature name
         * @param reference reference ids, one per occurrence
         * @return this builder
         * @throws IllegalArgumentException on a duplicate or malformed name or an empty reference
         */
        public Builder categoricalFeature(String name, long[] reference) {
            checkName(name);
            categorical.put(name, CategoricalReference.of(reference, maxCategories));
            return this;
        }

        /**
         * @param lookup a user's training activity, NaN for an unknown user; needs the numeric
         *     feature {@link #USER_ACTIVITY}
         * @return this builder
         */
        public Builder userActivity(LongToDoubleFunction lookup) {
            this.userActivity = Objects.requireNonNull(lookup, "lookup");
            return this;
        }

        /**
         * @param lookup an item's training popularity, NaN for an unknown item; needs the numeric
         *     feature {@link #ITEM_POPULARITY}
         * @return this builder
         */
        public Builder itemPopularity(LongToDoubleFunction lookup) {
            this.itemPopularity = Objects.requireNonNull(lookup, "lookup");
            return this;
        }

        /**
         * @param window most recent values kept per feature (default 10,000)
         * @return this builder
         */
        public Builder window(int window) {
            if (window < 1) {
                throw new IllegalArgumentException("window must be >= 1, was " + window);
            }
            this.window = window;
            return this;
        }

        /**
         * @param minSamples fewest non-missing values before PSI/KL/JS/outliers are reported (default 100)
         * @return this builder
         */
        public Builder minSamples(int minSamples) {
            if (minSamples < 1) {
                throw new IllegalArgumentException("minSamples must be >= 1, was " + minSamples);
            }
            this.minSamples = minSamples;
            return this;
        }

        /**
         * @param registry where to register the gauges
         * @return this builder
         */
        public Builder registry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * @return the monitor (gauges registered when a registry was given)
         * @throws IllegalArgumentException if no feature was declared, or a look-up lacks its feature
         */
        public DriftMonitor build() {
            if (numeric.isEmpty() && categorical.isEmpty()) {
                throw new IllegalArgumentException("declare at least one feature");
            }
            return new DriftMonitor(this);
        }

        private void checkName(String name) {
            if (name == null || !name.matches("[a-z][a-z0-9_]{0,63}")) {
                throw new IllegalArgumentException("feature name must match [a-z][a-z0-9_]{0,63}, was '"
                        + name + "'");
            }
            if (numeric.containsKey(name) || categorical.containsKey(name)) {
                throw new IllegalArgumentException("feature '" + name + "' is declared twice");
            }
        }
    }
}
