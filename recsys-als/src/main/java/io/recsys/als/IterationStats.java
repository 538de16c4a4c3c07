package io.recsys.als;

import java.time.Duration;

/**
 * Progress of a fit after one sweep.
 *
 * @param iteration 1-based sweep number
 * @param loss the training objective divided by the number of terms (see {@link AlsTrainer}),
 *     or NaN when loss computation is off
 * @param elapsed time since the fit started
 */
public record IterationStats(int iteration, double loss, Duration elapsed) {
}
