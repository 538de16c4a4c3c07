/**
 * Data drift between the training (reference) data and live traffic: population stability index,
 * Kullback–Leibler and Jensen–Shannon divergence over bins fixed on the reference sample, missing
 * value ratio and outlier fraction, and a {@link io.recsys.experiments.drift.DriftMonitor} that
 * publishes them as Micrometer gauges ({@code data_drift_psi{feature}} and friends).
 */
package io.recsys.experiments.drift;
