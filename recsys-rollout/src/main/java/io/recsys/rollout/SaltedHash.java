package io.recsys.rollout;

import java.nio.charset.StandardCharsets;

/**
 * The bucketing hash of the {@link io.recsys.core.Bucketing#HASH HASH} mode: standard XXH64.
 *
 * <p>A salt is hashed once into a 64-bit seed, {@code seed = XXH64(UTF-8 bytes of salt, 0)}; a
 * user's hash is {@code XXH64(8 little-endian bytes of userId, seed)} and their bucket is its top
 * 53 bits as a double in [0,1). Because it is plain XXH64, assignments can be recomputed outside
 * the JVM (for example in Python with the {@code xxhash} package:
 * {@code xxh64_intdigest(struct.pack('<q', user_id), seed=xxh64_intdigest(salt.encode()))}).
 *
 * <p>Public so that plugin strategies bucket users the same way as the built-in ones. All methods
 * are pure, allocation-free (except {@link #seed(String)}) and thread-safe.
 */
public final class SaltedHash {

    /*
     * XXH64 (Yann Collet, https://github.com/Cyan4973/xxHash, doc/xxhash_spec.md). The single
     * 8-byte input case reduces to: acc = seed + P5 + 8; acc ^= round(0, input);
     * acc = rotl(acc, 27) * P1 + P4; avalanche. The avalanche is a full 64-bit finalizer, so every
     * input bit and every seed bit reaches every output bit; the top bits we keep are as good as
     * the low ones.
     */
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    /** 2^-53: maps a 53-bit integer onto [0,1) exactly. */
    private static final double UNIT = 0x1.0p-53;

    private SaltedHash() {
    }

    /**
     * @param salt an experiment salt
     * @return the 64-bit seed for that salt, {@code XXH64(UTF-8 bytes, 0)}
     */
    public static long seed(String salt) {
        return xxh64(salt.getBytes(StandardCharsets.UTF_8), 0L);
    }

    /**
     * @param seed a salt's seed from {@link #seed(String)}
     * @param userId the user id
     * @return {@code XXH64(8 little-endian bytes of userId, seed)}
     */
    public static long hash(long seed, long userId) {
        long acc = seed + P5 + 8;
        acc ^= round(0L, userId);
        acc = Long.rotateLeft(acc, 27) * P1 + P4;
        return avalanche(acc);
    }

    /**
     * @param seed a salt's seed from {@link #seed(String)}
     * @param userId the user id
     * @return the user's bucket in [0,1): the top 53 bits of {@link #hash(long, long)}
     */
    public static double bucket(long seed, long userId) {
        return (hash(seed, userId) >>> 11) * UNIT;
    }

    /**
     * XXH64 of a byte array.
     *
     * @param input the bytes
     * @param seed the seed
     * @return the 64-bit hash
     */
    public static long xxh64(byte[] input, long seed) {
        int len = input.length;
        int i = 0;
        long acc;
        if (len >= 32) {
            long v1 = seed + P1 + P2;
            long v2 = seed + P2;
            long v3 = seed;
            long v4 = seed - P1;
            int limit = len - 32;
            do {
                v1 = round(v1, readLong(input, i));
                v2 = round(v2, readLong(input, i + 8));
                v3 = round(v3, readLong(input, i + 16));
                v4 = round(v4, readLong(input, i + 24));
                i += 32;
            } while (i <= limit);
            acc = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            acc = mergeRound(acc, v1);
            acc = mergeRound(acc, v2);
            acc = mergeRound(acc, v3);
            acc = mergeRound(acc, v4);
        } else {
            acc = seed + P5;
        }
        acc += len;
        for (; i + 8 <= len; i += 8) {
            acc ^= round(0L, readLong(input, i));
            acc = Long.rotateLeft(acc, 27) * P1 + P4;
        }
        if (i + 4 <= len) {
            acc ^= (readInt(input, i) & 0xFFFF_FFFFL) * P1;
            acc = Long.rotateLeft(acc, 23) * P2 + P3;
            i += 4;
        }
        for (; i < len; i++) {
            acc ^= (input[i] & 0xFFL) * P5;
            acc = Long.rotateLeft(acc, 11) * P1;
        }
        return avalanche(acc);
    }

    private static long round(long acc, long lane) {
        acc += lane * P2;
        acc = Long.rotateLeft(acc, 31);
        return acc * P1;
    }

    private static long mergeRound(long acc, long v) {
        acc ^= round(0L, v);
        return acc * P1 + P4;
    }

    private static long avalanche(long h) {
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    private static long readLong(byte[] b, int i) {
        return (readInt(b, i) & 0xFFFF_FFFFL) | ((long) readInt(b, i + 4) << 32);
    }

    private static int readInt(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }
}
