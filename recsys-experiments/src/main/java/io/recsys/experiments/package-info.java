/**
 * Deciding experiments with evidence: the {@link io.recsys.experiments.ExperimentLog} provenance
 * sink keeps windowed per-variant outcomes, {@link io.recsys.experiments.ExperimentAnalyzer}
 * turns a window into the {@code /experiment/analyze} answer, and
 * {@link io.recsys.experiments.DecisionRules} applies the ship / no-ship rules.
 *
 * <p>The statistics live in {@code io.recsys.experiments.stats}; data drift in
 * {@code io.recsys.experiments.drift}.
 */
package io.recsys.experiments;
