package io.recsys.core;

import java.util.regex.Pattern;

/**
 * A registry version, {@code vMAJOR.MINOR} (the seeds' form) or {@code vMAJOR.MINOR.PATCH} (RideEase's),
 * non-negative integers without leading zeros. The two forms are different versions ({@code v1.3}
 * sorts before {@code v1.3.0}); a registry usually keeps to one.
 *
 * <p>Parsing is strict and happens before any file-system access: a version string is also a
 * directory name, so anything else (path segments, {@code latest}, an empty string, a bare
 * {@code v1}, a huge number) is rejected with {@link InvalidVersionException}.
 *
 * @param major the major number, {@code >= 0}
 * @param minor the minor number, {@code >= 0}
 * @param patch the patch number, {@code >= 0}, or {@link #NO_PATCH} for a two-part version
 */
public record ModelVersion(int major, int minor, int patch) implements Comparable<ModelVersion> {

    /** Longest accepted text form: {@code v} and three numbers of at most 9 digits, with their dots. */
    public static final int MAX_LENGTH = 32;

    /** The {@code patch} of a two-part version ({@code vMAJOR.MINOR}). */
    public static final int NO_PATCH = -1;

    private static final Pattern FORMAT =
            Pattern.compile("v(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})(?:\\.(0|[1-9][0-9]{0,8}))?");

    /**
     * @throws InvalidVersionException when either number is negative
     */
    public ModelVersion {
        if (major < 0 || minor < 0 || patch < NO_PATCH) {
            throw new InvalidVersionException("Model version numbers must be non-negative, got " + major + "." + minor
                    + (patch == NO_PATCH ? "" : "." + patch));
        }
    }

    /**
     * A two-part version {@code vMAJOR.MINOR}.
     *
     * @param major the major number
     * @param minor the minor number
     */
    public ModelVersion(int major, int minor) {
        this(major, minor, NO_PATCH);
    }

    /** @return whether this is a three-part version {@code vMAJOR.MINOR.PATCH} */
    public boolean hasPatch() {
        return patch != NO_PATCH;
    }

    /**
     * Parses {@code vMAJOR.MINOR}.
     *
     * @param text the version text, e.g. {@code v0.3}
     * @return the version
     * @throws InvalidVersionException when the text is not exactly of that form
     */
    public static ModelVersion parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidVersionException("Model version is empty; expected vMAJOR.MINOR such as v0.1");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidVersionException("Model version is too long (" + text.length()
                    + " characters, at most " + MAX_LENGTH + "); expected vMAJOR.MINOR such as v0.1");
        }
        var m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new InvalidVersionException("Invalid model version '" + printable(text)
                    + "'; expected vMAJOR.MINOR such as v0.1 or vMAJOR.MINOR.PATCH such as v1.3.0");
        }
        return new ModelVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? NO_PATCH : Integer.parseInt(m.group(3)));
    }

    /**
     * @param text a candidate version text
     * @return whether {@link #parse(String)} would accept it
     */
    public static boolean isValid(String text) {
        return text != null && text.length() <= MAX_LENGTH && FORMAT.matcher(text).matches();
    }

    /** @return the next minor version, {@code vX.(Y+1)} ({@code vX.(Y+1).0} for a three-part version) */
    public ModelVersion nextMinor() {
        return new ModelVersion(major, Math.addExact(minor, 1), hasPatch() ? 0 : NO_PATCH);
    }

    /** @return the next major version, {@code v(X+1).0} ({@code v(X+1).0.0} for a three-part version) */
    public ModelVersion nextMajor() {
        return new ModelVersion(Math.addExact(major, 1), 0, hasPatch() ? 0 : NO_PATCH);
    }

    @Override
    public int compareTo(ModelVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return hasPatch() ? "v" + major + "." + minor + "." + patch : "v" + major + "." + minor;
    }

    private static String printable(String s) {
        var sb = new StringBuilder();
        s.codePoints().forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : "?"));
        return sb.toString();
    }
}
