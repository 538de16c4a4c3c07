package io.recsys.core;

import java.util.regex.Pattern;

/**
 * A registry version, {@code vMAJOR.MINOR}, both non-negative integers without leading zeros.
 *
 * <p>Parsing is strict and happens before any file-system access: a version string is also a
 * directory name, so anything else (path segments, {@code latest}, an empty string, a bare
 * {@code v1}, a huge number) is rejected with {@link InvalidVersionException}.
 *
 * @param major the major number, {@code >= 0}
 * @param minor the minor number, {@code >= 0}
 */
public record ModelVersion(int major, int minor) implements Comparable<ModelVersion> {

    /** Longest accepted text form: {@code v} + 9 digits + {@code .} + 9 digits. */
    public static final int MAX_LENGTH = 20;

    private static final Pattern FORMAT = Pattern.compile("v(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})");

    /**
     * @throws InvalidVersionException when either number is negative
     */
    public ModelVersion {
        if (major < 0 || minor < 0) {
            throw new InvalidVersionException("Model version numbers must be non-negative, got " + major + "." + minor);
        }
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
                    + "'; expected vMAJOR.MINOR such as v0.1");
        }
        return new ModelVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /**
     * @param text a candidate version text
     * @return whether {@link #parse(String)} would accept it
     */
    public static boolean isValid(String text) {
        return text != null && text.length() <= MAX_LENGTH && FORMAT.matcher(text).matches();
    }

    /** @return the next minor version, {@code vX.(Y+1)} */
    public ModelVersion nextMinor() {
        return new ModelVersion(major, Math.addExact(minor, 1));
    }

    /** @return the next major version, {@code v(X+1).0} */
    public ModelVersion nextMajor() {
        return new ModelVersion(Math.addExact(major, 1), 0);
    }

    @Override
    public int compareTo(ModelVersion o) {
        int c = Integer.compare(major, o.major);
        return c != 0 ? c : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return "v" + major + "." + minor;
    }

    private static String printable(String s) {
        var sb = new StringBuilder();
        s.codePoints().forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : "?"));
        return sb.toString();
    }
}
