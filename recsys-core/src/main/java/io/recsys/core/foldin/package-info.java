/**
 * Real-time personalisation between two trainings: models that can fold a user's new interactions
 * into an updated user state ({@link io.recsys.core.foldin.FoldIn}), the state itself
 * ({@link io.recsys.core.foldin.UserState}) and the per-version overlay that keeps it, bounded in
 * bytes ({@link io.recsys.core.foldin.UserOverlay}).
 */
package io.recsys.core.foldin;
