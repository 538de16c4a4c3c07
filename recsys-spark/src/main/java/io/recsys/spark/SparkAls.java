package io.recsys.spark;

import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fits Spark MLlib ALS on {@link RatingsInput} columns. Set a checkpoint directory on the context
 * ({@code SparkContext.setCheckpointDir}) before many sweeps; {@link SparkAlsJob} does.
 */
public final class SparkAls {

    private SparkAls() {
    }

    /**
     * Fits and materialises both factor tables (Spark computes them lazily in part).
     *
     * @param ratings columns {@code user}, {@code item}, {@code rating}
     * @param p the settings
     * @return the model, its factors cached
     */
    public static ALSModel fit(Dataset<Row> ratings, SparkAlsParameters p) {
        ALS als = new ALS()
                .setRank(p.rank())
                .setMaxIter(p.iterations())
                .setRegParam(p.regParam())
                .setAlpha(p.alpha())
                .setImplicitPrefs(p.implicit())
                .setSeed(p.seed())
                .setUserCol(RatingsInput.USER)
                .setItemCol(RatingsInput.ITEM)
                .setRatingCol(RatingsInput.RATING)
                // Explicit ALS on ratings; implicit confidences are 1 + alpha r >= 1 for r >= 0.
                .setNonnegative(false)
                .setColdStartStrategy("drop")
                // Every 5 sweeps the factors are checkpointed (when the context has a checkpoint
                // directory): ALS's lineage otherwise grows with each sweep until serialising a task
                // overflows the driver's stack (seen at 15 sweeps on one machine).
                .setCheckpointInterval(5);
        ALSModel model = als.fit(ratings);
        model.userFactors().cache().count();
        model.itemFactors().cache().count();
        return model;
    }
}
