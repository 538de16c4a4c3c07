package io.recsys.examples.cli;

import io.recsys.als.AlsHyperparameters;
import io.recsys.als.RecencyRule;
import io.recsys.als.data.OnMalformed;
import io.recsys.als.data.RatingsFormat;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Shared options: the ratings file and ALS hyperparameters (defaults: the library's). */
final class AlsOptions {
    @Option(names = {"--ratings", "--ratings_csv", "--ratings-csv", "--data_path", "--data-path"},
            paramLabel = "FILE", description = "Ratings file: MovieLens u.data, ratings.dat, ratings.csv or CSV")
    Path ratings;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FMT",
            description = "auto, udata, dat, csv (header userId,movieId,rating,timestamp) or "
                    + "csv:DELIM:HEADER:USER:ITEM:RATING:TS for any delimited file, e.g. csv:;:true:0:1:2:-1 (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = {"--skip-malformed", "--skip_malformed"},
            description = "Skip and count malformed lines instead of failing on the first one")
    boolean skipMalformed;

    @Option(names = "--factors", paramLabel = "N", description = "Latent factors (default: library default)")
    Integer factors;

    @Option(names = "--iterations", paramLabel = "N", description = "ALS sweeps (default: library default)")
    Integer iterations;

    @Option(names = "--regularization", paramLabel = "X", description = "L2 regularization (default: library default)")
    Double regularization;

    @Option(names = "--alpha", paramLabel = "X", description = "Implicit confidence scale, c = 1 + alpha * r (default: library default)")
    Double alpha;

    @Option(names = {"--cg-steps", "--cg_steps"}, paramLabel = "N", description = "Conjugate-gradient steps per solve")
    Integer cgSteps;

    @Option(names = "--explicit", description = "Explicit ALS (regularised least squares on ratings) instead of implicit")
    boolean explicit;

    @Option(names = "--recency", paramLabel = "RULE",
            description = "Implicit confidence discount for older interactions: NONE, POSITION or AGE_DAYS (default: library default)")
    RecencyRule recency;

    @Option(names = {"--half-life", "--half_life"}, paramLabel = "X",
            description = "Half-life of the recency discount, in positions or days (default: library default)")
    Double halfLife;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: library default)")
    Long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Training threads (default: all cores)")
    Integer threads;

    AlsHyperparameters hyperparameters() {
        AlsHyperparameters.Builder hp = AlsHyperparameters.builder();
        if (factors != null) {
            hp.factors(factors);
        }
        if (iterations != null) {
            hp.iterations(iterations);
        }
        if (regularization != null) {
            hp.regularization(regularization);
        }
        if (alpha != null) {
            hp.alpha(alpha);
        }
        if (cgSteps != null) {
            hp.cgSteps(cgSteps);
        }
        if (explicit) {
            hp.implicit(false);
        }
        if (recency != null) {
            hp.recency(recency);
        }
        if (halfLife != null) {
            hp.recencyHalfLife(halfLife);
        }
        if (seed != null) {
            hp.seed(seed);
        }
        if (threads != null) {
            hp.threads(threads);
        }
        return hp.build();
    }

    OnMalformed onMalformed() {
        return skipMalformed ? OnMalformed.SKIP : OnMalformed.FAIL;
    }

    /**
     * @param ratings the ratings file, or null
     * @return it, when given
     * @throws IllegalArgumentException when it is missing (train may read Kafka instead)
     */
    static Path requireRatings(Path ratings) {
        if (ratings == null) {
            throw new IllegalArgumentException("--ratings FILE is required (train also accepts --kafka-bootstrap with --topic)");
        }
        return ratings;
    }

    /** @return the format, or null to detect it from the file */
    RatingsFormat ratingsFormat() {
        String f = format.toLowerCase(Locale.ROOT);
        return switch (f) {
            case "auto" -> skipMalformed ? detectLater() : null;
            case "udata", "u.data", "tab" -> RatingsFormat.MOVIELENS_100K;
            case "dat", "ratings.dat" -> RatingsFormat.MOVIELENS_DAT;
            case "csv", "ratings.csv" -> RatingsFormat.MOVIELENS_CSV;
            default -> parseGeneric(format);
        };
    }

    private RatingsFormat detectLater() {
        try {
            return RatingsFormat.detect(ratings);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static RatingsFormat parseGeneric(String spec) {
        String[] p = spec.split(":", -1);
        if (p.length != 7 || !p[0].equalsIgnoreCase("csv")) {
            throw new IllegalArgumentException("Unknown --format '" + spec
                    + "'; use auto, udata, dat, csv or csv:DELIM:HEADER:USER:ITEM:RATING:TS");
        }
        String delim = p[1].equals("\\t") || p[1].equals("tab") ? "\t" : p[1];
        return RatingsFormat.csv(delim, Boolean.parseBoolean(p[2]), Integer.parseInt(p[3]), Integer.parseInt(p[4]),
                Integer.parseInt(p[5]), Integer.parseInt(p[6]));
    }
}
