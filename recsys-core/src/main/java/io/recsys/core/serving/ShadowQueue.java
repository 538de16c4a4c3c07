package io.recsys.core.serving;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where shadow scorings run, off the request path: a few daemon threads behind a bounded queue. A
 * full queue drops the scoring (the caller counts it) rather than slowing a request down.
 */
final class ShadowQueue {
    private final ThreadPoolExecutor executor;

    ShadowQueue(int threads, int capacity) {
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(capacity),
                r -> {
                    Thread t = new Thread(r, "recsys-shadow");
                    t.setDaemon(true);
                    return t;
                }, (r, ex) -> {
                    throw new RejectedExecutionException("shadow queue full");
                });
        this.executor.allowCoreThreadTimeOut(true);
    }

    /** @return whether the scoring was queued; false when the queue is full or closed */
    boolean offer(Runnable scoring) {
        try {
            executor.execute(scoring);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Waits up to 10 s for queued scorings, then stops the threads. */
    void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
