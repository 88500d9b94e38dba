package org.scatterstream.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scatterstream.engine.cli.CliRun.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** {@code scatter meta 1d} against Kymatio's meta(), and {@code scatter bench 1d}'s output contract. */
class MetaAndBench1DCliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void metaCsvMatchesKymatio() throws IOException {
        JsonNode ref = JSON.readTree(CliRun.reference("1d", "j6_q8_n4096", "meta.json").toFile());
        CliRun r = run("meta", "1d", "--J", "6", "--Q", "8", "--N", "4096").assertOk();
        String[] lines = r.out().split("\n");
        assertEquals("index,order,n1,n2,j1,j2,xi1,xi2,sigma1,sigma2", lines[0]);
        assertEquals(1 + 126, lines.length);
        for (int c = 0; c < 126; c++) {
            String[] cells = lines[1 + c].split(",", -1);
            assertEquals(10, cells.length, lines[1 + c]);
            assertEquals(Integer.toString(c), cells[0]);
            assertEquals(ref.get("order").get(c).asText(), cells[1]);
            for (int k = 0; k < 2; k++) {
                checkCell(ref.get("n").get(c).get(k), cells[2 + k]);
                checkCell(ref.get("j").get(c).get(k), cells[4 + k]);
                checkCell(ref.get("xi").get(c).get(k), cells[6 + k]);
                checkCell(ref.get("sigma").get(c).get(k), cells[8 + k]);
            }
        }
    }

    private static void checkCell(JsonNode expected, String cell) {
        if (expected.isNull()) {
            assertEquals("", cell);
        } else if (expected.isIntegralNumber()) {
            assertEquals(expected.asText(), cell);
        } else {
            assertEquals(expected.asDouble(), Double.parseDouble(cell), 1e-15 * Math.abs(expected.asDouble()));
        }
    }

    @Test
    void metaJsonHasShapesAndChannels() throws IOException {
        CliRun r = run("meta", "1d", "--J", "6", "--Q", "8", "--N", "1000", "--max-order", "1", "--json").assertOk();
        assertEquals(1, r.out().split("\n").length);
        JsonNode m = JSON.readTree(r.out());
        assertEquals("1d", m.get("kind").asText());
        assertEquals(6, m.get("J").asInt());
        assertEquals("[8,1]", m.get("Q").toString());
        assertEquals(64, m.get("T").asInt());
        assertEquals("[1000]", m.get("input_shape").toString());
        assertEquals("[39,15]", m.get("output_shape").toString());
        assertEquals("[\"index\",\"order\",\"n1\",\"j1\",\"xi1\",\"sigma1\"]", m.get("columns").toString());
        JsonNode ch = m.get("channels");
        assertEquals(39, ch.size());
        assertTrue(ch.get(0).get("n1").isNull());
        assertEquals(0, ch.get(0).get("order").asInt());
        assertEquals(1, ch.get(38).get("order").asInt());
        assertEquals(37, ch.get(38).get("n1").asInt());
        assertTrue(ch.get(1).get("xi1").asDouble() > ch.get(2).get("xi1").asDouble());
    }

    @Test
    void metaGlobalAndErrors() throws IOException {
        JsonNode m = JSON.readTree(run("meta", "1d", "--J", "6", "--Q", "8", "--N", "1000", "--T", "global", "--json")
                .assertOk().out());
        assertEquals("global", m.get("T").asText());
        assertEquals("[126,1]", m.get("output_shape").toString());
        run("meta", "1d", "--J", "6").assertError(2, "missing required option --N for 'meta 1d'");
        run("meta", "1d", "--J", "6", "--N", "0").assertError(2, "shape N must be >= 2");
        run("meta", "1d", "--J", "12", "--N", "1024").assertError(2, "J=12 is too large for N=1024");
        run("meta", "1d", "--J", "6", "--N", "1000", "--input", "x.npy").assertError(2, "unknown option '--input' for 'meta 1d'");
    }

    @Test
    void benchPrintsProgressAndOneJsonLineLast() throws IOException {
        CliRun r = run("bench", "1d", "--J", "4", "--Q", "2", "--N", "1024", "--batch", "3", "--threads", "1",
                "--seconds", "0.3", "--warmup", "0.05").assertOk();
        String[] lines = r.out().split("\n");
        JsonNode m = JSON.readTree(lines[lines.length - 1]);
        assertEquals("1d", m.get("kind").asText());
        assertEquals(4, m.get("J").asInt());
        assertEquals("[2,1]", m.get("Q").toString());
        assertEquals(1024, m.get("N").asInt());
        assertEquals(3, m.get("batch").asInt());
        assertEquals(1, m.get("threads").asInt());
        assertEquals("float", m.get("precision").asText());
        assertEquals("cpu", m.get("backend").asText());
        assertTrue(m.get("config").asText().startsWith("scattering1d:J=4,Q=2x1,N=1024"), m.toString());
        int batches = m.get("batches").asInt();
        assertTrue(batches >= 1);
        double median = m.get("median_batch_ms").asDouble();
        double p10 = m.get("p10_batch_ms").asDouble();
        double p90 = m.get("p90_batch_ms").asDouble();
        assertTrue(m.get("min_batch_ms").asDouble() <= p10 && p10 <= median && median <= p90, m.toString());
        double sps = m.get("signals_per_s").asDouble();
        assertTrue(sps > 0);
        assertEquals(sps * 1024, m.get("samples_per_s").asDouble(), sps * 1024 * 1e-4);
        // throughput is total signals over total measured time
        assertEquals(3 * 1000 / m.get("mean_batch_ms").asDouble(), sps, sps * 1e-3);
        assertTrue(r.err().contains("warming up"), r.err());
        assertTrue(r.err().contains("bench: done: " + batches + " batches"), r.err());
    }

    @Test
    void benchDoublePrecisionQuietAndErrors() throws IOException {
        CliRun r = run("bench", "1d", "--J", "3", "--N", "256", "--batch", "2", "--threads", "1", "--seconds", "0.1",
                "--warmup", "0", "--precision", "double", "--quiet").assertOk();
        assertEquals("", r.err());
        assertEquals("double", JSON.readTree(r.out()).get("precision").asText());
        run("bench", "1d", "--J", "3", "--N", "256", "--seconds", "0").assertError(2, "--seconds must be > 0");
        run("bench", "1d", "--J", "3", "--N", "256", "--seconds", "1", "--warmup", "-1").assertError(2, "--warmup must be >= 0");
        run("bench", "1d", "--J", "3", "--N", "256", "--batch", "0").assertError(2, "--batch must be >= 1, got 0");
        run("bench", "1d", "--J", "3", "--N", "256", "--batch", "2000000000").assertError(2, "--batch 2000000000 is too large");
    }
}
