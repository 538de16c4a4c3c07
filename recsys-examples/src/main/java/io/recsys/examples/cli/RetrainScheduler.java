package io.recsys.examples.cli;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a retraining job on a schedule inside the serving process: weekly at fixed UTC times (the
 * seeds retrain Monday and Thursday at 05:30 UTC: {@code MON,THU@05:30}) or at a fixed interval
 * ({@code every 6h}). Runs are serialised, logged, and counted in {@code retrain_runs_total{status}},
 * timed in {@code retrain_duration_seconds}, and the last success is
 * {@code retrain_last_success_timestamp_seconds}.
 */
final class RetrainScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetrainScheduler.class);

    /** When the next run is due. */
    sealed interface Schedule permits Weekly, Every {
        Instant next(Instant after);
    }

    /** At {@code time} UTC on each of {@code days}. */
    record Weekly(Set<DayOfWeek> days, LocalTime time) implements Schedule {
        Weekly {
            if (days.isEmpty()) {
                throw new IllegalArgumentException("a weekly schedule needs at least one day");
            }
            days = Set.copyOf(days);
        }

        @Override
        public Instant next(Instant after) {
            ZonedDateTime t = after.atZone(ZoneOffset.UTC).with(time).withNano(0);
            for (int i = 0; i <= 7; i++) {
                ZonedDateTime candidate = t.plusDays(i);
                if (days.contains(candidate.getDayOfWeek()) && candidate.toInstant().isAfter(after)) {
                    return candidate.toInstant();
                }
            }
            throw new IllegalStateException("unreachable: every day of a week was tried");
        }
    }

    /** Every {@code interval}, starting one interval from now. */
    record Every(Duration interval) implements Schedule {
        Every {
            if (interval.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("the retraining interval must be at least one minute");
            }
        }

        @Override
        public Instant next(Instant after) {
            return after.plus(interval);
        }
    }

    /**
     * @param spec {@code MON,THU@05:30} (UTC) or {@code every 6h} / {@code every 30m} / {@code every 1d}
     * @return the schedule
     * @throws IllegalArgumentException when the text is neither form
     */
    static Schedule parse(String spec) {
        String s = spec.trim();
        if (s.toLowerCase(Locale.ROOT).startsWith("every ")) {
            String n = s.substring(6).trim().toLowerCase(Locale.ROOT);
            if (!n.matches("[1-9][0-9]{0,5}[mhd]")) {
                throw new IllegalArgumentException("Bad interval '" + n + "'; use e.g. every 30m, every 6h, every 1d");
            }
            long v = Long.parseLong(n.substring(0, n.length() - 1));
            return new Every(switch (n.charAt(n.length() - 1)) {
                case 'm' -> Duration.ofMinutes(v);
                case 'h' -> Duration.ofHours(v);
                default -> Duration.ofDays(v);
            });
        }
        int at = s.indexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("Bad schedule '" + spec + "'; use e.g. MON,THU@05:30 (UTC) or every 6h");
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String d : s.substring(0, at).split(",")) {
            days.add(day(d.trim()));
        }
        try {
            return new Weekly(days, LocalTime.parse(s.substring(at + 1).trim()));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("Bad time in schedule '" + spec + "'; use HH:MM (UTC)");
        }
    }

    private static DayOfWeek day(String d) {
        for (DayOfWeek w : DayOfWeek.values()) {
            if (w.name().startsWith(d.toUpperCase(Locale.ROOT)) && d.length() >= 3) {
                return w;
            }
        }
        throw new IllegalArgumentException("Bad day '" + d + "'; use MON, TUE, WED, THU, FRI, SAT or SUN");
    }

    private final Schedule schedule;
    private final Callable<String> job;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final Counter success;
    private final Counter failure;
    private final Timer duration;
    private final AtomicLong lastSuccessEpochSeconds = new AtomicLong();

    /**
     * @param schedule when to run
     * @param job the retraining job; returns a short description of what it did (e.g. the new version)
     * @param meters where the run metrics go
     * @param clock time source
     */
    RetrainScheduler(Schedule schedule, Callable<String> job, MeterRegistry meters, Clock clock) {
        this.schedule = schedule;
        this.job = job;
        this.clock = clock;
        this.success = Counter.builder("retrain.runs").tag("status", "success")
                .description("Scheduled retraining runs by outcome").register(meters);
        this.failure = Counter.builder("retrain.runs").tag("status", "failure")
                .description("Scheduled retraining runs by outcome").register(meters);
        this.duration = Timer.builder("retrain.duration").description("Time a retraining run took").register(meters);
        Gauge.builder("retrain.last.success.timestamp.seconds", lastSuccessEpochSeconds, AtomicLong::get)
                .description("Epoch seconds of the last successful retraining run (0: none yet)").register(meters);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "recsys-retrain");
            t.setDaemon(true);
            return t;
        });
    }

    /** Schedules the first run; each run schedules the next. */
    void start() {
        scheduleNext();
    }

    private void scheduleNext() {
        Instant now = clock.instant();
        Instant next = schedule.next(now);
        LOG.info("Next retraining run at {}", next);
        executor.schedule(() -> {
            runNow();
            scheduleNext();
        }, Duration.between(now, next).toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Runs the job once, now, on the calling thread.
     *
     * @return whether it succeeded
     */
    synchronized boolean runNow() {
        long start = System.nanoTime();
        try {
            String what = job.call();
            success.increment();
            lastSuccessEpochSeconds.set(clock.instant().getEpochSecond());
            LOG.info("Retraining run succeeded: {}", what);
            return true;
        } catch (Exception e) {
            failure.increment();
            LOG.error("Retraining run failed: {}", e.toString());
            return false;
        } finally {
            duration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
