package io.recsys.provenance.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.PredictionRecord;
import io.recsys.core.spi.ProvenanceSink;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Isolates a slow or failing sink from the request path: {@link #accept} only offers the record
 * to a bounded queue and returns at once; one daemon thread hands records to the delegate in
 * order, in batches: after a batch smaller than 1,024 records it waits a millisecond
 * before taking the next, so that under load the request threads do not wake it once per record
 * (when the queue is empty it waits for the next record; when it is behind it does not wait).
 *
 * <ul>
 *   <li>Queue full, in records or in bytes ({@link PredictionRecord#estimatedBytes()}; a client
 *       asking for many items makes large records), or sink closed: the record is dropped and counted, in
 *       {@code provenance.sink.dropped{sink=<name>}} and {@link #dropped()}. Never silent, never
 *       blocking.</li>
 *   <li>Delegate throws (an exception, a linkage or assertion error): counted in {@code provenance.sink.errors{sink=<name>}} and
 *       {@link #errors()}; never propagated; the worker goes on.</li>
 *   <li>{@link #flush(Duration)}: returns once every record accepted before the call has been
 *       handed to the delegate and the delegate has flushed, or when the timeout passes.</li>
 *   <li>{@link #close()}: stops accepting, delivers what is queued (up to the close timeout),
 *       then closes the delegate.</li>
 * </ul>
 */
public final class AsyncProvenanceSink implements ProvenanceSink {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncProvenanceSink.class);

    /** Default queue capacity. */
    public static final int DEFAULT_CAPACITY = 10_000;

    /** Default bound on the estimated bytes of the queued records: 64 MiB. */
    public static final long DEFAULT_MAX_BYTES = 64L << 20;

    /** Default time {@link #flush()} and {@link #close()} wait. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** Most records the worker takes from the queue at once. */
    private static final int BATCH = 1024;

    /**
     * How long the worker waits after a batch that did not fill before it looks for the next: at
     * most about a thousand wake-ups a second under load, and records reach the delegate up to this
     * much later.
     */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** A flush request travelling through the queue behind the records it must wait for. */
    private record FlushMarker(CountDownLatch done) {
    }

    /** Tells the worker to stop once everything ahead of it is delivered. */
    private static final Object STOP = new Object();

    private final ProvenanceSink delegate;
    private final String name;
    private final BlockingQueue<Object> queue;
    private final int capacity;
    private final Duration timeout;
    private final Thread worker;
    private final Counter droppedCounter;
    private final Counter errorCounter;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long maxBytes;
    private final AtomicLong queuedBytes = new AtomicLong();

    /**
     * Wraps a sink with a queue of {@value #DEFAULT_CAPACITY} records, counting into a private registry.
     *
     * @param delegate the sink to isolate
     */
    public AsyncProvenanceSink(ProvenanceSink delegate) {
        this(delegate, DEFAULT_CAPACITY, new SimpleMeterRegistry(), DEFAULT_TIMEOUT);
    }

    /**
     * @param delegate the sink to isolate
     * @param capacity queue capacity, at least 1
     * @param meters where the drop and error counters are registered
     * @param timeout how long {@link #flush()} and {@link #close()} wait
     * @throws IllegalArgumentException when {@code capacity < 1}
     */
    public AsyncProvenanceSink(ProvenanceSink delegate, int capacity, MeterRegistry meters, Duration timeout) {
        this(delegate, capacity, DEFAULT_MAX_BYTES, meters, timeout);
    }

    /**
     * @param delegate the sink to isolate
     * @param capacity queue capacity in records, at least 1
     * @param maxBytes bound on the estimated bytes of the queued records, at least 64 KiB
     * @param meters where the drop and error counters are registered
     * @param timeout how long {@link #flush()} and {@link #close()} wait
     * @throws IllegalArgumentException when {@code capacity < 1} or {@code maxBytes < 64 KiB}
     */
    public AsyncProvenanceSink(ProvenanceSink delegate, int capacity, long maxBytes, MeterRegistry meters,
                               Duration timeout) {
        if (maxBytes < 64 * 1024) {
            throw new IllegalArgumentException("maxBytes must be at least 64 KiB, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (capacity < 1) {
            throw new IllegalArgumentException("Queue capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.name = delegate.name();
        // room for a flush marker and the stop signal beyond the records
        this.queue = new ArrayBlockingQueue<>(capacity + 2);
        this.droppedCounter = Counter.builder("provenance.sink.dropped")
                .description("Provenance records dropped because the sink's queue was full or it was closed")
                .tag("sink", name).register(meters);
        this.errorCounter = Counter.builder("provenance.sink.errors")
                .description("Provenance records or flushes the sink failed on")
                .tag("sink", name).register(meters);
        this.worker = new Thread(this::run, "provenance-sink-" + name);
        this.worker.setDaemon(true);
        this.worker.start();
    }

    @Override
    public void accept(PredictionRecord record) {
        // Records may not take the last two slots, which are kept for a flush marker and STOP.
        if (closed.get() || queue.size() >= capacity) {
            drop();
            return;
        }
        long size = record.estimatedBytes();
        if (queuedBytes.addAndGet(size) > maxBytes) {
            queuedBytes.addAndGet(-size);
            drop();
            return;
        }
        if (!queue.offer(record)) {
            queuedBytes.addAndGet(-size);
            drop();
        }
    }

    private void drop() {
        dropped.increment();
        droppedCounter.increment();
    }

    /** @return the estimated bytes of the records waiting in the queue */
    public long queuedBytes() {
        return queuedBytes.get();
    }

    /** Waits up to the configured timeout; see {@link #flush(Duration)}. */
    @Override
    public void flush() {
        if (!flush(timeout)) {
            LOG.warn("Provenance sink {} did not flush within {}; {} records still queued", name, timeout, pending());
        }
    }

    /**
     * Waits until every record accepted before this call has been delivered and the delegate
     * flushed.
     *
     * @param wait how long to wait at most
     * @return whether that happened within {@code wait}
     */
    public boolean flush(Duration wait) {
        if (!worker.isAlive()) {
            return queue.isEmpty();
        }
        long deadline = System.nanoTime() + wait.toNanos();
        var marker = new FlushMarker(new CountDownLatch(1));
        try {
            if (!queue.offer(marker, wait.toNanos(), TimeUnit.NANOSECONDS)) {
                return false;
            }
            return marker.done().await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops accepting, delivers the queued records (waiting up to the configured timeout), then
     * closes the delegate. Records accepted afterwards are dropped and counted.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            if (queue.offer(STOP, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            if (worker.isAlive()) {
                LOG.warn("Provenance sink {} did not drain within {}; {} records not delivered", name, timeout, pending());
                worker.interrupt();
                worker.join(TimeUnit.SECONDS.toMillis(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.interrupt();
        }
        try {
            delegate.close();
        } catch (RuntimeException | LinkageError | AssertionError e) {
            countError(e);
        }
    }

    private void run() {
        var batch = new java.util.ArrayList<>(BATCH);
        while (!Thread.currentThread().isInterrupted()) {
            Object first = queue.poll();
            if (first == null) {
                try {
                    first = queue.take(); // idle: the next offer wakes this thread
                } catch (InterruptedException e) {
                    return;
                }
            }
            batch.add(first);
            queue.drainTo(batch, BATCH - 1);
            boolean full = batch.size() == BATCH;
            for (Object item : batch) {
                if (item == STOP) {
                    return;
                }
                deliver(item);
            }
            batch.clear();
            if (!full) {
                // Keeping up: let the next records gather without waiting on the queue, so that offers
                // do not wake this thread one record at a time (a wake-up costs the request thread a
                // system call). Behind (a full batch): go on at once.
                LockSupport.parkNanos(LINGER_NANOS);
            }
        }
    }

    private void deliver(Object item) {
        if (item instanceof FlushMarker m) {
            try {
                delegate.flush();
            } catch (RuntimeException | LinkageError | AssertionError e) {
                countError(e);
            }
            m.done().countDown();
        } else {
            PredictionRecord record = (PredictionRecord) item;
            queuedBytes.addAndGet(-record.estimatedBytes());
            try {
                delegate.accept(record);
                delivered.increment();
            } catch (RuntimeException | LinkageError | AssertionError e) {
                countError(e);
            }
        }
    }

    private void countError(Throwable e) {
        errors.increment();
        errorCounter.increment();
        if (errors.sum() == 1) {
            LOG.warn("Provenance sink {} failed (further failures are only counted): {}", name, e.toString());
        } else {
            LOG.debug("Provenance sink {} failed: {}", name, e.toString());
        }
    }

    /** @return records dropped because the queue was full or the sink closed */
    public long dropped() {
        return dropped.sum();
    }

    /** @return failures of the delegate (records and flushes) */
    public long errors() {
        return errors.sum();
    }

    /** @return records the delegate accepted without an exception */
    public long delivered() {
        return delivered.sum();
    }

    /** @return records waiting in the queue */
    public int pending() {
        return (int) queue.stream().filter(o -> o instanceof PredictionRecord).count();
    }

    /** @return the queue capacity in records */
    public int capacity() {
        return capacity;
    }

    /** @return the wrapped sink */
    public ProvenanceSink delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return name;
    }
}
