package io.recsys.core;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs for ids that must be unique but need not be secret, such as request
 * ids: {@link UUID#randomUUID()} draws every id from one shared {@link SecureRandom} (a lock and
 * a read of the system's entropy pool per call, on the request path), while these come from a
 * per-thread generator seeded once from a {@code SecureRandom}. Ids that grant access must not
 * rely on them alone (the example server signs the request ids it issues).
 */
public final class RandomIds {
    private static final SecureRandom SEEDS = new SecureRandom();
    private static final ThreadLocal<SplittableRandom> RANDOM =
            ThreadLocal.withInitial(() -> new SplittableRandom(SEEDS.nextLong()));

    private RandomIds() {
    }

    /** @return a new random UUID in its 36-character text form */
    public static String uuid() {
        SplittableRandom r = RANDOM.get();
        long high = (r.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // IETF variant
        return new UUID(high, low).toString();
    }
}
