package org.scatterstream.engine.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scatterstream.engine.Precision;
import org.scatterstream.engine.ScatteringTransform;

/** {@code scatter meta <kind>}: the output shape and the table of output channels. */
final class MetaCommand extends Command {
    static final Option JSON = Option.flag("json", "print one JSON object instead of CSV");

    @Override
    String name() {
        return "meta";
    }

    @Override
    String summary() {
        return "describe the output channels (order, scales, frequencies) as CSV or JSON";
    }

    @Override
    String synopsis(KindCli kind) {
        return "[parameters] " + kind.shapeOptions().get(0).synopsis() + " [--json]";
    }

    @Override
    String description(KindCli kind) {
        return "Prints one row per output channel of " + kind.summary() + ",\nin output order, as CSV with a header line "
                + "(empty cells where a column does not apply),\nor with --json one object with the parameters, the shapes "
                + "and a \"channels\" list (null where a column does not apply).";
    }

    @Override
    List<OptionGroup> groups(KindCli kind) {
        return List.of(
                new OptionGroup("transform parameters", kind.parameterOptions()),
                new OptionGroup("shape", kind.shapeOptions()),
                OptionGroup.of("output", JSON));
    }

    @Override
    int run(KindCli kind, ParsedArgs a, Console console) {
        // The channel table depends only on the parameters: build on the CPU in double precision so
        // that meta works on any machine whatever backend is configured.
        try (ScatteringTransform t = build(kind, a, kind.sampleShape(a), Precision.DOUBLE, "cpu", 1)) {
            ChannelTable table = kind.channels(a, t);
            if (a.flag("json")) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("kind", kind.name());
                m.putAll(kind.parameters(a, t));
                m.put("config", t.configId());
                m.put("input_shape", t.inputShape());
                m.put("output_shape", t.outputShape());
                m.put("columns", table.columns());
                m.put("channels", table.toJson());
                console.out().println(Json.write(m));
            } else {
                table.writeCsv(console.out());
            }
        }
        return 0;
    }
}
