package io.recsys.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Known answers from the reference XXH64 (computed with the xxHash reference implementation;
 * the first three are also in its documentation), so assignments can be recomputed elsewhere.
 */
class SaltedHashTest {

    @Test
    void xxh64_matchesReferenceValues() {
        assertThat(SaltedHash.xxh64(bytes(""), 0)).isEqualTo(0xef46db3751d8e999L);
        assertThat(SaltedHash.xxh64(bytes("a"), 0)).isEqualTo(0xd24ec4f1a98c6e5bL);
        assertThat(SaltedHash.xxh64(bytes("abc"), 0)).isEqualTo(0x44bc2cf5ad770999L);
        assertThat(SaltedHash.xxh64(bytes("exp-2025-11-homepage"), 0)).isEqualTo(0x9f4b3ab827f527b2L);
        assertThat(SaltedHash.xxh64(bytes("a salt that is longer than thirty-two bytes, for the stripe loop \u2713"), 0))
                .isEqualTo(0xe26ad1c24e26c924L);
    }

    @Test
    void seed_isXxh64OfUtf8Salt() {
        assertThat(SaltedHash.seed("recsys")).isEqualTo(0x4828b13c428b8f30L);
    }

    @Test
    void hash_isXxh64OfLittleEndianUserIdSeededWithSalt() {
        long seed = SaltedHash.seed("recsys");
        assertThat(SaltedHash.hash(seed, 0)).isEqualTo(0xa40bdfb533f7390bL);
        assertThat(SaltedHash.hash(seed, 1)).isEqualTo(0x61857ef7813ab098L);
        assertThat(SaltedHash.hash(seed, 42)).isEqualTo(0xe8136fc8dd915c43L);
        assertThat(SaltedHash.hash(seed, -1)).isEqualTo(0x6423282561dfae32L);
        assertThat(SaltedHash.hash(seed, Long.MIN_VALUE)).isEqualTo(0x1b8d9763e9c7ed47L);
        assertThat(SaltedHash.hash(seed, Long.MAX_VALUE)).isEqualTo(0x20505732e1f90255L);
    }

    @Test
    void hash_specialisedPathEqualsGenericXxh64() {
        long seed = SaltedHash.seed("x");
        for (long id = -1000; id < 1000; id++) {
            byte[] le = new byte[8];
            for (int i = 0; i < 8; i++) {
                le[i] = (byte) (id >>> (8 * i));
            }
            assertThat(SaltedHash.hash(seed, id)).isEqualTo(SaltedHash.xxh64(le, seed));
        }
    }

    @Test
    void bucket_isTopFiftyThreeBitsInUnitInterval() {
        long seed = SaltedHash.seed("recsys");
        assertThat(SaltedHash.bucket(seed, 0)).isEqualTo((0xa40bdfb533f7390bL >>> 11) / 0x1.0p53);
        for (long id = 0; id < 100_000; id++) {
            assertThat(SaltedHash.bucket(seed, id)).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
