package io.recsys.core;

/**
 * One recommended item and its score; higher scores rank first.
 *
 * @param itemId the item id
 * @param score the model's score (only comparable within one model version)
 */
public record ScoredItem(long itemId, double score) {
}
