package org.scatterstream.engine.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.scatterstream.engine.Precision;
import org.scatterstream.engine.ScatteringTransform;
import org.scatterstream.engine.backend.BackendException;
import org.scatterstream.engine.backend.Backends;

/** A subcommand ({@code transform}, {@code meta}, {@code bench}), run for one {@link KindCli}. */
abstract class Command {

    /** Where a command writes: results to {@code out}, progress and messages to {@code err}. */
    record Console(PrintStream out, PrintStream err) {
    }

    static final Option PRECISION = Option.value("precision", "float|double",
            "compute precision; also the output dtype, float32 or float64 (default float)");
    static final Option BACKEND = Option.value("backend", "NAME",
            "backend, e.g. cpu (default: SCATTERSTREAM_BACKEND_<KIND>, SCATTERSTREAM_BACKEND, config file, cpu)");
    static final Option THREADS = Option.value("threads", "N",
            "worker threads for the batch (default: number of processors, " + Runtime.getRuntime().availableProcessors() + " here)");
    static final Option DEBUG = Option.flag("debug", "print the stack trace of an error (also env SCATTERSTREAM_DEBUG=1)");
    static final Option HELP = Option.flag("help", "show this help and exit");

    abstract String name();

    abstract String summary();

    /** Option groups of this command for {@code kind}, as shown in help (without --debug/--help). */
    abstract List<OptionGroup> groups(KindCli kind);

    /** Usage line after {@code scatter <command> <kind> }. */
    abstract String synopsis(KindCli kind);

    /** Paragraph under the usage line. */
    abstract String description(KindCli kind);

    /** Runs the command; returns the exit code. */
    abstract int run(KindCli kind, ParsedArgs args, Console console) throws Exception;

    /** All options (for parsing). */
    final List<Option> options(KindCli kind) {
        List<Option> all = new ArrayList<>();
        for (OptionGroup g : groups(kind)) all.addAll(g.options());
        return all;
    }

    final String help(KindCli kind) {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: scatter ").append(name()).append(' ').append(kind.name()).append(' ').append(synopsis(kind)).append("\n\n");
        sb.append(description(kind)).append("\n");
        List<OptionGroup> groups = new ArrayList<>(groups(kind));
        groups.add(OptionGroup.of("other", DEBUG, HELP));
        for (OptionGroup g : groups) {
            if (g.options().isEmpty()) continue;
            sb.append('\n').append(g.title()).append(":\n");
            for (Option o : g.options()) {
                String syn = "  " + o.synopsis();
                String help = o.help() + (o.required() ? " (required)" : "");
                if (syn.length() <= 27) {
                    sb.append(String.format("%-28s%s%n", syn, help));
                } else {
                    sb.append(syn).append('\n').append(" ".repeat(28)).append(help).append('\n');
                }
            }
        }
        List<String> ex = examples(kind);
        if (!ex.isEmpty()) {
            sb.append("\nexamples:\n");
            for (String e : ex) sb.append("  ").append(e).append('\n');
        }
        return sb.toString();
    }

    /** Examples for this command and kind (the kind's examples that use this command). */
    List<String> examples(KindCli kind) {
        List<String> r = new ArrayList<>();
        for (String e : kind.examples()) {
            if (e.startsWith("scatter " + name() + " ")) r.add(e);
        }
        return r;
    }

    // ------------------------------------------------------------------ shared helpers

    static Precision precision(ParsedArgs a) {
        try {
            return Precision.parse(a.string("precision", "float"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--precision must be 'float' or 'double', got '" + a.string("precision") + "'");
        }
    }

    static int threads(ParsedArgs a) {
        return a.integerAtLeast("threads", 1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Builds the transform; the engine's parameter validation errors (IllegalArgumentException
     * naming the parameter) become usage errors, a backend that cannot run here a runtime error.
     */
    static ScatteringTransform build(KindCli kind, ParsedArgs a, int[] sampleShape, Precision precision, String backend,
                                     int threads) {
        if (backend != null) {
            String b = backend.strip().toLowerCase(java.util.Locale.ROOT);
            if (!b.equals(Backends.AUTO) && !Backends.all().containsKey(b)) {
                throw new UsageException("--backend: unknown backend '" + backend + "'; available: " + Backends.describe());
            }
        }
        try {
            return kind.build(a, sampleShape, precision, backend, threads);
        } catch (BackendException e) {
            throw new CliException(message(e), e);
        } catch (IllegalArgumentException e) {
            throw new UsageException(message(e), e);
        } catch (IllegalStateException | UnsupportedOperationException e) {
            throw new CliException(message(e), e);
        }
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
