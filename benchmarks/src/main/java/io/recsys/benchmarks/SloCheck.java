package io.recsys.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The latency and allocation SLO check: runs the {@code Mode.SampleTime} benchmarks named in a
 * budgets file through the JMH {@link Runner} (one fork, 3 warm-up and 5 measured iterations of 1 s
 * each, with JMH's GC profiler for the bytes allocated per call), prints one row per budget (metric, budget, measured, PASS/FAIL) and exits with status 1 when a
 * budget is breached (2 on a usage or configuration error). The default budgets are the resource
 * {@value #DEFAULT_BUDGETS}; the default run takes well under two minutes.
 *
 * <p>Run (after {@code ./mvnw -q -DskipTests -pl benchmarks -am package}):
 * {@code java -cp benchmarks/target/benchmarks.jar io.recsys.benchmarks.SloCheck [--budgets FILE]
 * [--warmup N] [--iterations N] [--verbose]}.
 *
 * <p>Timing depends on the machine and on what else runs on it; the load average before and
 * after the run is printed beside the table so that a failure on a busy machine can be told apart
 * from a regression.
 */
public final class SloCheck {
    /** Class-path resource holding the default budgets. */
    public static final String DEFAULT_BUDGETS = "/slo-budgets.properties";

    private static final String PACKAGE = "io.recsys.benchmarks.";

    /**
     * One budget: a latency percentile ({@code percentile} and {@code budgetMicros}; {@code
     * maxBytesPerOp} NaN) or the bytes allocated per call ({@code maxBytesPerOp}, from JMH's GC
     * profiler; the other two NaN).
     *
     * @param name the budget's key in the file
     * @param metric what the report calls it
     * @param benchmark JMH benchmark as {@code Class.method} in package {@code io.recsys.benchmarks}
     * @param params JMH parameters to pin, in file order
     * @param percentile percentile of single-call times, in (0, 100]
     * @param budgetMicros the largest acceptable value, microseconds
     * @param maxBytesPerOp the most bytes a call may allocate on average
     */
    public record Budget(String name, String metric, String benchmark, Map<String, String> params, double percentile,
                         double budgetMicros, double maxBytesPerOp) {
        /** Validates and copies the parameters. */
        public Budget {
            if (allocation(maxBytesPerOp)) {
                if (!(maxBytesPerOp > 0)) {
                    throw new IllegalArgumentException(name + ".max_bytes_per_op must be positive, got " + maxBytesPerOp);
                }
                if (!Double.isNaN(percentile) || !Double.isNaN(budgetMicros)) {
                    throw new IllegalArgumentException(name + ": an allocation budget has no percentile or budget_us");
                }
            } else {
                if (!(percentile > 0 && percentile <= 100)) {
                    throw new IllegalArgumentException(name + ".percentile must be in (0, 100], got " + percentile);
                }
                if (!(budgetMicros > 0)) {
                    throw new IllegalArgumentException(name + ".budget_us must be positive, got " + budgetMicros);
                }
            }
            params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }

        /**
         * A latency budget.
         *
         * @param name the budget's key in the file
         * @param metric what the report calls it
         * @param benchmark JMH benchmark as {@code Class.method}
         * @param params JMH parameters to pin
         * @param percentile percentile of single-call times, in (0, 100]
         * @param budgetMicros the largest acceptable value, microseconds
         * @return the budget
         */
        public static Budget latency(String name, String metric, String benchmark, Map<String, String> params,
                                     double percentile, double budgetMicros) {
            return new Budget(name, metric, benchmark, params, percentile, budgetMicros, Double.NaN);
        }

        /** @return whether this budget bounds allocation rather than latency */
        public boolean isAllocation() {
            return allocation(maxBytesPerOp);
        }

        private static boolean allocation(double maxBytesPerOp) {
            return !Double.isNaN(maxBytesPerOp);
        }

        /** @return the key of the JMH run this budget is measured by (benchmark and parameters) */
        public String runKey() {
            return benchmark + params;
        }
    }

    /**
     * A measured budget.
     *
     * @param budget the budget
     * @param measured the measured percentile in microseconds, or bytes per call for an allocation budget
     * @param samples how many single-call times (or, for allocation, measured iterations) it comes from
     */
    public record Outcome(Budget budget, double measured, long samples) {
        /** @return whether the measured value is within the budget */
        public boolean passed() {
            return measured <= (budget.isAllocation() ? budget.maxBytesPerOp() : budget.budgetMicros());
        }
    }

    private SloCheck() {
    }

    /**
     * Parses budgets (format: see {@code slo-budgets.properties}).
     *
     * @param props the file's properties
     * @return the budgets, in the order of the {@code budgets} key
     * @throws IllegalArgumentException when a key is missing or malformed
     */
    public static List<Budget> parse(Properties props) {
        String list = props.getProperty("budgets");
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException("budgets: no budget names listed");
        }
        var budgets = new ArrayList<Budget>();
        for (String raw : list.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            String benchmark = required(props, name, "benchmark");
            if (!benchmark.matches("[A-Za-z_$][\\w$]*\\.[A-Za-z_$][\\w$]*")) {
                throw new IllegalArgumentException(name + ".benchmark must be Class.method, got '" + benchmark + "'");
            }
            var params = new LinkedHashMap<String, String>();
            String paramText = props.getProperty(name + ".params", "");
            for (String pair : paramText.split(";")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(name + ".params: expected key=value, got '" + pair.trim() + "'");
                }
                params.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
            String metric = props.getProperty(name + ".metric", name).trim();
            budgets.add(props.getProperty(name + ".max_bytes_per_op") != null
                    ? new Budget(name, metric, benchmark, params, optionalNumber(props, name, "percentile"),
                            optionalNumber(props, name, "budget_us"), number(props, name, "max_bytes_per_op"))
                    : Budget.latency(name, metric, benchmark, params, number(props, name, "percentile"),
                            number(props, name, "budget_us")));
        }
        if (budgets.isEmpty()) {
            throw new IllegalArgumentException("budgets: no budget names listed");
        }
        return budgets;
    }

    /**
     * @return the budgets shipped as {@value #DEFAULT_BUDGETS}
     * @throws IOException when the resource cannot be read
     */
    public static List<Budget> defaultBudgets() throws IOException {
        try (InputStream in = SloCheck.class.getResourceAsStream(DEFAULT_BUDGETS)) {
            if (in == null) {
                throw new IOException("resource " + DEFAULT_BUDGETS + " is missing");
            }
            var props = new Properties();
            props.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return parse(props);
        }
    }

    /**
     * @param file a budgets file
     * @return its budgets
     * @throws IOException when it cannot be read
     */
    public static List<Budget> load(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            var props = new Properties();
            props.load(r);
            return parse(props);
        }
    }

    private static String required(Properties props, String name, String key) {
        String v = props.getProperty(name + "." + key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + "." + key + " is missing");
        }
        return v.trim();
    }

    private static double optionalNumber(Properties props, String name, String key) {
        return props.getProperty(name + "." + key) == null ? Double.NaN : number(props, name, key);
    }

    private static double number(Properties props, String name, String key) {
        String v = required(props, name, key);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "." + key + " must be a number, got '" + v + "'");
        }
    }

    /**
     * Runs every distinct (benchmark, parameters) of the budgets once and reads the percentiles or the bytes per call.
     *
     * @param budgets the budgets
     * @param warmup warm-up iterations of 1 s
     * @param iterations measured iterations of 1 s
     * @param verbose whether to show JMH's own output
     * @return one outcome per budget, in order
     * @throws RunnerException when JMH fails
     */
    public static List<Outcome> measure(List<Budget> budgets, int warmup, int iterations, boolean verbose)
            throws RunnerException {
        var byRun = new LinkedHashMap<String, RunResult>();
        var outcomes = new ArrayList<Outcome>();
        for (Budget b : budgets) {
            RunResult result = byRun.get(b.runKey());
            if (result == null) {
                System.err.printf(Locale.ROOT, "running %s %s ...%n", b.benchmark(), b.params());
                ChainedOptionsBuilder opts = new OptionsBuilder()
                        .include("^" + Pattern.quote(PACKAGE + b.benchmark()) + "$")
                        .mode(Mode.SampleTime)
                        .timeUnit(TimeUnit.MICROSECONDS)
                        .forks(1)
                        .warmupIterations(warmup)
                        .warmupTime(TimeValue.seconds(1))
                        .measurementIterations(iterations)
                        .measurementTime(TimeValue.seconds(1))
                        .addProfiler(GCProfiler.class) // bytes per call, for allocation budgets
                        .verbosity(verbose ? VerboseMode.NORMAL : VerboseMode.SILENT);
                b.params().forEach(opts::param);
                Collection<RunResult> results = new Runner(opts.build()).run();
                if (results.size() != 1) {
                    throw new IllegalArgumentException(b.name() + ": expected one JMH run for " + b.benchmark() + " "
                            + b.params() + ", got " + results.size()
                            + " (unknown benchmark, or a parameter with several values left unpinned)");
                }
                result = results.iterator().next();
                String unit = result.getPrimaryResult().getScoreUnit();
                if (!"us/op".equals(unit)) {
                    throw new IllegalStateException(b.benchmark() + " reported " + unit + ", expected us/op");
                }
                byRun.put(b.runKey(), result);
            }
            if (b.isAllocation()) {
                var alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
                if (alloc == null) {
                    throw new IllegalStateException(b.benchmark() + ": the GC profiler reported no allocation");
                }
                outcomes.add(new Outcome(b, alloc.getScore(), alloc.getSampleCount()));
            } else {
                var stats = result.getPrimaryResult().getStatistics();
                outcomes.add(new Outcome(b, stats.getPercentile(b.percentile()), stats.getN()));
            }
        }
        return outcomes;
    }

    /**
     * Prints the report table.
     *
     * @param outcomes the measured budgets
     * @param out where to print
     */
    public static void print(List<Outcome> outcomes, PrintStream out) {
        out.println("| metric | budget | measured | samples | result |");
        out.println("| --- | ---: | ---: | ---: | --- |");
        for (Outcome o : outcomes) {
            Budget b = o.budget();
            if (b.isAllocation()) {
                out.printf(Locale.ROOT, "| %s | <= %s B/call | %.0f B/call | %d | %s |%n", b.metric(),
                        trim(b.maxBytesPerOp()), o.measured(), o.samples(), o.passed() ? "PASS" : "FAIL");
            } else {
                out.printf(Locale.ROOT, "| %s | p%s <= %s us | %.1f us | %d | %s |%n", b.metric(),
                        percentileText(b.percentile()), trim(b.budgetMicros()), o.measured(), o.samples(),
                        o.passed() ? "PASS" : "FAIL");
            }
        }
    }

    private static String percentileText(double p) {
        return trim(p);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * @param args {@code [--budgets FILE] [--warmup N] [--iterations N] [--verbose]}
     * @throws Exception when JMH or the file fails unexpectedly
     */
    public static void main(String[] args) throws Exception {
        Path file = null;
        int warmup = 3;
        int iterations = 5;
        boolean verbose = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--budgets" -> file = Path.of(args[++i]);
                    case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                    case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                    case "--verbose" -> verbose = true;
                    case "-h", "--help" -> {
                        System.out.println("usage: SloCheck [--budgets FILE] [--warmup N] [--iterations N] [--verbose]");
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (warmup < 0 || iterations < 1) {
                throw new IllegalArgumentException("need --warmup >= 0 and --iterations >= 1");
            }
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            System.err.println("SloCheck: " + (e instanceof ArrayIndexOutOfBoundsException ? "option needs a value" : e.getMessage()));
            System.exit(2);
            return;
        }
        List<Budget> budgets;
        try {
            budgets = file == null ? defaultBudgets() : load(file);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("SloCheck: cannot read budgets " + (file == null ? DEFAULT_BUDGETS : file) + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        String loadBefore = loadAverage();
        long t0 = System.nanoTime();
        List<Outcome> outcomes;
        try {
            outcomes = measure(budgets, warmup, iterations, verbose);
        } catch (IllegalArgumentException e) {
            System.err.println("SloCheck: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println();
        print(outcomes, System.out);
        long failed = outcomes.stream().filter(o -> !o.passed()).count();
        System.out.printf(Locale.ROOT, "%nload average before: %s; after: %s; %d cores; %.0f s%n", loadBefore, loadAverage(),
                Runtime.getRuntime().availableProcessors(), (System.nanoTime() - t0) / 1e9);
        System.out.println(failed == 0 ? "SLO check: PASS" : "SLO check: FAIL (" + failed + " of " + outcomes.size() + " budgets breached)");
        System.exit(failed == 0 ? 0 : 1);
    }
}
