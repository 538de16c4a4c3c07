package io.recsys.examples.reliability;

import io.recsys.core.Exclusions;
import io.recsys.core.ModelInfo;
import io.recsys.core.Recommender;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.ScoredItem;
import io.recsys.core.popularity.PopularityModelLoader;
import io.recsys.core.spi.ModelLoader;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Test model type {@code gated}: popularity files, scored by the popularity model, but every
 * {@code recommend} call waits at a gate while one is set, so that a test can hold requests in
 * flight for as long as it needs. Registered for {@code ServiceLoader} in the test resources.
 */
public final class GatedModelLoader implements ModelLoader {
    /** The model name this loader reads. */
    public static final String MODEL_NAME = "gated";

    private static volatile CountDownLatch gate;
    private static final Semaphore WAITING = new Semaphore(0);

    /** Creates the loader (used by {@code ServiceLoader}). */
    public GatedModelLoader() {
    }

    /** Holds every following request at the gate until {@link #open()}. */
    static void close() {
        WAITING.drainPermits();
        gate = new CountDownLatch(1);
    }

    /** Releases every request held at the gate, and lets the following ones through. */
    static void open() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    /** Waits until {@code n} requests are held at the gate. */
    static boolean awaitWaiting(int n, long seconds) throws InterruptedException {
        if (!WAITING.tryAcquire(n, seconds, TimeUnit.SECONDS)) {
            return false;
        }
        WAITING.release(n);
        return true;
    }

    @Override
    public String modelName() {
        return MODEL_NAME;
    }

    @Override
    public Recommender load(RegisteredVersion version) throws IOException {
        Recommender inner = new PopularityModelLoader().load(version);
        return new Recommender() {
            @Override
            public ModelInfo info() {
                return inner.info();
            }

            @Override
            public List<ScoredItem> recommend(long userId, int k, Exclusions exclusions) {
                CountDownLatch g = gate;
                if (g != null) {
                    WAITING.release();
                    try {
                        if (!g.await(60, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("gate never opened");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted at the gate", e);
                    }
                }
                return inner.recommend(userId, k, exclusions);
            }

            @Override
            public boolean knowsUser(long userId) {
                return inner.knowsUser(userId);
            }

            @Override
            public int itemCount() {
                return inner.itemCount();
            }
        };
    }
}
