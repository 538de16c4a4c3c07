package io.recsys.provenance.report;

import java.math.BigDecimal;
import java.util.Locale;

/** Formatting shared by the text reports. */
final class ReportText {
    static final int BOX_WIDTH = 66;

    private ReportText() {
    }

    /** The seed's double-line box around a centred title. */
    static String box(String title) {
        int pad = Math.max(0, BOX_WIDTH - title.length());
        int left = pad / 2;
        return "╔" + "═".repeat(BOX_WIDTH) + "╗\n"
                + "║" + " ".repeat(left) + title + " ".repeat(pad - left) + "║\n"
                + "╚" + "═".repeat(BOX_WIDTH) + "╝\n";
    }

    /** A threshold such as 70.0 as {@code 70}, 99.9 as {@code 99.9}. */
    static String number(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    static String grouped(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
