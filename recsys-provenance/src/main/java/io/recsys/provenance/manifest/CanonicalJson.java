package io.recsys.provenance.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * The canonical JSON form that {@code manifest_sha256} is computed over.
 *
 * <p>Definition (applied to a parsed JSON tree, so the bytes of the file on disk do not matter,
 * only its content):
 * <ul>
 *   <li>No insignificant whitespace: no spaces or newlines between tokens.</li>
 *   <li>Object members are sorted by key, comparing keys as sequences of UTF-16 code units
 *       ({@link String#compareTo}; the order RFC 8785 uses). Duplicate keys cannot occur
 *       (the parser keeps the last one).</li>
 *   <li>Strings are written in double quotes; {@code "} and {@code \} are escaped with a
 *       backslash, {@code \b \f \n \r \t} in their short form, every other character below
 *       U+0020 as {@code \}{@code u00xx} (lower-case hex); all other characters, including
 *       non-ASCII, are written as themselves.</li>
 *   <li>Integers (numbers written without a fraction or exponent) are written as plain decimal
 *       digits with an optional leading {@code -}, whatever their size.</li>
 *   <li>Other numbers are read as IEEE-754 doubles and written as Java's {@code Double.toString}
 *       writes them from JDK 19 on (JDK-4511638): the shortest decimal that reads back as the
 *       same double; plain notation with at least one fractional digit when
 *       10<sup>-3</sup> &le; |x| &lt; 10<sup>7</sup> (e.g. {@code 0.002}, {@code 2.0},
 *       {@code 1234567.5}), otherwise {@code d.dddE±n} without a {@code +} (e.g.
 *       {@code 1.0E-4}, {@code 2.0E23}). This class computes that form itself, so the hash does
 *       not depend on the JDK that runs it (JDK 17's {@code Double.toString(2e23)} is
 *       {@code 1.9999999999999998E23}). NaN and infinities are not JSON and are rejected.</li>
 *   <li>{@code true}, {@code false} and {@code null} as themselves.</li>
 *   <li>The text is encoded as UTF-8; the hash is the lower-case hex SHA-256 of those bytes.</li>
 * </ul>
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    /**
     * @param node a JSON tree
     * @return its canonical text
     * @throws IllegalArgumentException when it holds a NaN or infinite number, or a binary or
     *     POJO node that has no JSON text form
     */
    public static String write(JsonNode node) {
        var sb = new StringBuilder(256);
        write(node, sb);
        return sb.toString();
    }

    /**
     * @param node a JSON tree
     * @return lower-case hex SHA-256 of the UTF-8 bytes of its canonical text
     * @throws IllegalArgumentException as {@link #write(JsonNode)}
     */
    public static String sha256(JsonNode node) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(write(node).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    private static void write(JsonNode node, StringBuilder sb) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> keys = new ArrayList<>();
                for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                    keys.add(it.next());
                }
                keys.sort(null);
                sb.append('{');
                boolean first = true;
                for (String key : keys) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    writeString(key, sb);
                    sb.append(':');
                    write(node.get(key), sb);
                }
                sb.append('}');
            }
            case ARRAY -> {
                sb.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(node.get(i), sb);
                }
                sb.append(']');
            }
            case STRING -> writeString(node.textValue(), sb);
            case NUMBER -> {
                if (node.isIntegralNumber()) {
                    sb.append(node.bigIntegerValue().toString());
                } else {
                    sb.append(formatDouble(node.doubleValue()));
                }
            }
            case BOOLEAN -> sb.append(node.booleanValue() ? "true" : "false");
            case NULL, MISSING -> sb.append("null");
            default -> throw new IllegalArgumentException("A " + node.getNodeType()
                    + " node has no canonical JSON form; use strings, numbers, booleans, arrays and objects");
        }
    }

    private static void writeString(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /**
     * Writes a double in the canonical number form described in the class documentation.
     *
     * @param x a finite double
     * @return its canonical text, e.g. {@code 0.002}, {@code 2.0}, {@code 1.0E-4}
     * @throws IllegalArgumentException when {@code x} is NaN or infinite
     */
    public static String formatDouble(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            throw new IllegalArgumentException("JSON has no representation for " + x);
        }
        if (x == 0) {
            return (1 / x < 0) ? "-0.0" : "0.0";
        }
        // Shortest significant digits that read back as x (Double.parseDouble rounds correctly on
        // every JDK); among candidates of that length, the one nearest to x. As in JDK 19+, when
        // one digit suffices, two-digit candidates compete too (Double.MIN_VALUE is 4.9E-324).
        BigDecimal exact = new BigDecimal(x);
        BigDecimal shortest = null;
        for (int p = 1; p <= 17 && shortest == null; p++) {
            shortest = nearestRoundTripping(exact, x, p);
            if (shortest != null && p == 1) {
                BigDecimal two = nearestRoundTripping(exact, x, 2);
                if (two != null && two.subtract(exact).abs().compareTo(shortest.subtract(exact).abs()) < 0) {
                    shortest = two;
                }
            }
        }
        if (shortest == null) {
            shortest = exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
        }
        shortest = shortest.stripTrailingZeros();
        String sign = shortest.signum() < 0 ? "-" : "";
        String digits = shortest.unscaledValue().abs().toString();
        // decimal exponent of the first digit: value = 0.d1d2... * 10^(pointPos)
        int exponent = digits.length() - 1 - shortest.scale();
        double abs = Math.abs(x);
        if (abs >= 1e-3 && abs < 1e7) {
            return sign + plain(digits, exponent);
        }
        String mantissa = digits.length() == 1 ? digits + ".0" : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "E" + exponent;
    }

    /**
     * @return the {@code p}-digit decimal nearest to {@code exact} that reads back as {@code x},
     *     or null when none does (the rounded value's neighbours are tried too, for the
     *     asymmetric rounding intervals at powers of two)
     */
    private static BigDecimal nearestRoundTripping(BigDecimal exact, double x, int p) {
        BigDecimal rounded = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
        if (Double.parseDouble(rounded.toString()) == x) {
            return rounded;
        }
        BigDecimal unit = BigDecimal.ONE.scaleByPowerOfTen(-rounded.scale());
        BigDecimal best = null;
        for (BigDecimal c : new BigDecimal[] {rounded.add(unit), rounded.subtract(unit)}) {
            if (c.precision() == p && Double.parseDouble(c.toString()) == x
                    && (best == null || c.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
                best = c;
            }
        }
        return best;
    }

    /** Plain notation with at least one fractional digit; {@code exponent} is that of the first digit. */
    private static String plain(String digits, int exponent) {
        var sb = new StringBuilder();
        if (exponent < 0) {
            sb.append("0.");
            sb.append("0".repeat(-exponent - 1));
            sb.append(digits);
            return sb.toString();
        }
        int intLen = exponent + 1;
        if (digits.length() <= intLen) {
            sb.append(digits).append("0".repeat(intLen - digits.length())).append(".0");
        } else {
            sb.append(digits, 0, intLen).append('.').append(digits, intLen, digits.length());
        }
        return sb.toString();
    }
}
