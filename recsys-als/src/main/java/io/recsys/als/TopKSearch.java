package io.recsys.als;

/**
 * A faster way than the plain float scan to fill the top-K heap for one user: the 8-bit candidate
 * scan with exact re-scoring ({@link QuantizedScorer}, same answers), the bounded scan
 * ({@link BoundedScan}, same answers) or the HNSW graph ({@link AnnIndex}, approximate recall).
 * All leave out every item marked in the exclusion bitset.
 */
interface TopKSearch {

    /**
     * Fills {@code top}, already reset to capacity {@code k}, best scores exact in fp32.
     *
     * @param u the user's factors
     * @param k how many items are wanted
     * @param excluded one bit per item index, read only when {@code filtered}
     * @param filtered whether any bit is set
     * @param top the heap to fill, in increasing item index order
     * @return the number of items re-scored exactly
     */
    int select(float[] u, int k, long[] excluded, boolean filtered, TopK top);

    /** @return what this search is, for the load log (e.g. "the bounded exact scan") */
    String description();
}
