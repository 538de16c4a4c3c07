package io.recsys.als;

/*
 * Bounded top-K selection on primitive arrays (no allocation per item).
 *
 * A binary min-heap of at most k (score, index) pairs keeps the k best seen so far; its root is the
 * worst of them. "Better" means a higher score, or an equal score and a smaller item index, so the
 * ranking is a total order and ties come out deterministically (the same order a full sort by
 * (score desc, index asc) gives). Once the heap is full, threshold() is the root's score: items
 * arrive in increasing index order, so an item can only enter if its score is strictly above the
 * threshold, and the scorer compares against that cached float first - for almost all items no
 * heap work happens at all (the "cached lower bound" of Oryx's TopN).
 */
final class TopK {
    private float[] scores = new float[16];
    private int[] indices = new int[16];
    private int capacity;
    private int size;

    void reset(int k) {
        if (scores.length < k) {
            scores = new float[k];
            indices = new int[k];
        }
        capacity = k;
        size = 0;
    }

    /** Items scoring at or below this cannot enter (negative infinity until the heap is full). */
    float threshold() {
        return size < capacity ? Float.NEGATIVE_INFINITY : scores[0];
    }

    int size() {
        return size;
    }

    /** Offers an item; call only with increasing indices and only when {@code score > threshold()} or not full. */
    void offer(float score, int index) {
        if (size < capacity) {
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!worse(score, index, scores[parent], indices[parent])) {
                    break;
                }
                scores[i] = scores[parent];
                indices[i] = indices[parent];
                i = parent;
            }
            scores[i] = score;
            indices[i] = index;
        } else if (worse(scores[0], indices[0], score, index)) {
            siftDown(score, index, size);
        }
    }

    /** Empties the heap into the arrays, best first; returns the count. */
    int drainSorted(float[] outScores, int[] outIndices) {
        int n = size;
        for (int pos = n - 1; pos >= 0; pos--) {
            outScores[pos] = scores[0];
            outIndices[pos] = indices[0];
            size--;
            if (size > 0) {
                siftDown(scores[size], indices[size], size);
            }
        }
        return n;
    }

    private void siftDown(float score, int index, int n) {
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && worse(scores[child + 1], indices[child + 1], scores[child], indices[child])) {
                child++;
            }
            if (!worse(scores[child], indices[child], score, index)) {
                break;
            }
            scores[i] = scores[child];
            indices[i] = indices[child];
            i = child;
        }
        scores[i] = score;
        indices[i] = index;
    }

    /** Whether (s1, i1) ranks below (s2, i2). */
    private static boolean worse(float s1, int i1, float s2, int i2) {
        return s1 < s2 || (s1 == s2 && i1 > i2);
    }
}
