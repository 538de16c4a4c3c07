package io.recsys.als.data;

import java.util.Arrays;

/**
 * Open-addressing hash map from {@code long} keys to non-negative {@code int} values, without
 * boxing. Filled once, then only read (safe to share across threads after publication).
 */
final class LongIntHashMap {
    private static final int EMPTY = -1;
    private final long[] keys;
    private final int[] values;
    private final int mask;

    LongIntHashMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new int[capacity];
        Arrays.fill(values, EMPTY);
        mask = capacity - 1;
    }

    /** @return the previous value, or -1 when the key was absent */
    int putIfAbsent(long key, int value) {
        int slot = slot(key);
        while (values[slot] != EMPTY) {
            if (keys[slot] == key) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = value;
        return EMPTY;
    }

    /** @return the value, or -1 when the key is absent */
    int get(long key) {
        int slot = slot(key);
        while (values[slot] != EMPTY) {
            if (keys[slot] == key) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return EMPTY;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
