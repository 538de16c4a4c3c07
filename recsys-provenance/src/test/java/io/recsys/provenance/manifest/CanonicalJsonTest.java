package io.recsys.provenance.manifest;

import io.recsys.provenance.Json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    private static JsonNode parse(String json) throws Exception {
        return Json.MAPPER.readTree(json);
    }

    @Test
    void write_sortsKeysRecursivelyAndDropsWhitespace() throws Exception {
        String a = "{ \"b\": 1, \"a\": {\"z\": [3, 2, {\"y\": true, \"x\": null}], \"m\": \"t\"} }";
        String b = "{\"a\":{\"m\":\"t\",\"z\":[3,2,{\"x\":null,\"y\":true}]},\n\"b\":1}";
        assertThat(CanonicalJson.write(parse(a))).isEqualTo("{\"a\":{\"m\":\"t\",\"z\":[3,2,{\"x\":null,\"y\":true}]},\"b\":1}");
        assertThat(CanonicalJson.sha256(parse(a))).isEqualTo(CanonicalJson.sha256(parse(b)));
    }

    @Test
    void write_ordersKeysByUtf16CodeUnits() throws Exception {
        // U+00E9 (é) sorts after 'z'; U+1F600 (surrogates D83D..) sorts before U+FF21 (Ａ) by code units
        String json = "{\"\uFF21\":1,\"\uD83D\uDE00\":2,\"\u00E9\":3,\"z\":4,\"Z\":5}";
        assertThat(CanonicalJson.write(parse(json)))
                .isEqualTo("{\"Z\":5,\"z\":4,\"\u00E9\":3,\"\uD83D\uDE00\":2,\"\uFF21\":1}");
    }

    @Test
    void write_escapesOnlyQuotesBackslashesAndControlCharacters() {
        var node = JsonNodeFactory.instance.textNode("q\"b\\n\n\t\u0001/é");
        assertThat(CanonicalJson.write(node)).isEqualTo("\"q\\\"b\\\\n\\n\\t\\u0001/é\"");
    }

    @Test
    void formatDouble_isJdk19DoubleToStringOnEveryJdk() {
        assertThat(CanonicalJson.formatDouble(0.002)).isEqualTo("0.002");
        assertThat(CanonicalJson.formatDouble(2.0)).isEqualTo("2.0");
        assertThat(CanonicalJson.formatDouble(0.01)).isEqualTo("0.01");
        assertThat(CanonicalJson.formatDouble(1e-4)).isEqualTo("1.0E-4");
        assertThat(CanonicalJson.formatDouble(1234567.5)).isEqualTo("1234567.5");
        assertThat(CanonicalJson.formatDouble(1e7)).isEqualTo("1.0E7");
        assertThat(CanonicalJson.formatDouble(-123.456)).isEqualTo("-123.456");
        assertThat(CanonicalJson.formatDouble(2e23)).isEqualTo("2.0E23"); // JDK 17 Double.toString: 1.9999999999999998E23
        assertThat(CanonicalJson.formatDouble(Double.MIN_VALUE)).isEqualTo("4.9E-324");
        assertThat(CanonicalJson.formatDouble(Double.MAX_VALUE)).isEqualTo("1.7976931348623157E308");
        assertThat(CanonicalJson.formatDouble(-0.0)).isEqualTo("-0.0");
        assertThat(CanonicalJson.formatDouble(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    }

    @Test
    void formatDouble_roundTripsAndIsNeverLongerThanDoubleToString() {
        var rnd = new SplittableRandom(7);
        for (int i = 0; i < 4_000; i++) {
            // any bit pattern now and then (huge and tiny exponents are slow to expand exactly)
            double x = i % 100 == 0 ? Double.longBitsToDouble(rnd.nextLong()) : rnd.nextDouble() * Math.pow(10, rnd.nextInt(-8, 9));
            if (!Double.isFinite(x)) {
                continue;
            }
            String s = CanonicalJson.formatDouble(x);
            assertThat(Double.parseDouble(s)).as(s).isEqualTo(x);
            assertThat(significantDigits(s)).as("%s vs %s", s, Double.toString(x))
                    .isLessThanOrEqualTo(Math.max(2, significantDigits(Double.toString(x))));
            assertThat(s.contains("E")).as(s).isEqualTo(Double.toString(x).contains("E"));
        }
    }

    private static int significantDigits(String s) {
        String mantissa = s.replace("-", "").split("E")[0].replace(".", "");
        mantissa = mantissa.replaceFirst("^0+", "").replaceFirst("0+$", "");
        return Math.max(1, mantissa.length());
    }

    @Test
    void write_rejectsNonFiniteNumbers() {
        assertThatThrownBy(() -> CanonicalJson.write(JsonNodeFactory.instance.numberNode(Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void write_keepsIntegersAndDoublesDistinct() throws Exception {
        assertThat(CanonicalJson.write(parse("[2, 2.0, 2.50, 1e3, 12345678901234567890]")))
                .isEqualTo("[2,2.0,2.5,1000.0,12345678901234567890]");
    }
}
