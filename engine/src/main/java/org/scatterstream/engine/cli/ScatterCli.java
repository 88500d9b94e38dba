package org.scatterstream.engine.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.scatterstream.engine.io.InputFormatException;

/**
 * The {@code scatter} command line: {@code scatter <transform|meta|bench> <1d|2d|3d> [options]}.
 *
 * <p>Results go to stdout (or the output file), progress and messages to stderr. User mistakes are
 * reported as one line {@code scatter: error: <message>} on stderr with exit code 2 (command line:
 * unknown option, bad number, invalid parameters) or 1 (runtime: unreadable input, unwritable
 * output); {@code --debug} or {@code SCATTERSTREAM_DEBUG=1} adds the stack trace.
 */
public final class ScatterCli {
    /** Exit code of a successful run. */
    public static final int OK = 0;
    /** Exit code of a failure while running (input, output, backend). */
    public static final int FAILURE = 1;
    /** Exit code of a command-line mistake. */
    public static final int USAGE = 2;

    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final Map<String, KindCli> kinds = new LinkedHashMap<>();
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    ScatterCli(List<KindCli> kinds, PrintStream out, PrintStream err, Map<String, String> env) {
        for (Command c : List.of(new TransformCommand(), new MetaCommand(), new BenchCommand())) commands.put(c.name(), c);
        for (KindCli k : kinds) this.kinds.put(k.name(), k);
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /** The transform kinds this build offers. */
    static List<KindCli> defaultKinds() {
        return List.of(new Kind1D(), new Kind2D(), new Kind3D());
    }

    /** Entry point of the jar; exits the JVM with the code of {@link #run}. */
    public static void main(String[] args) {
        int code = run(args, System.out, System.err, System.getenv());
        System.out.flush();
        System.err.flush();
        // Exit explicitly: backend worker pools must not keep the JVM alive after the work is done.
        System.exit(code);
    }

    /** Runs a command line with the process environment; returns the exit code (never exits). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    /** Runs a command line; returns the exit code (never exits). */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return new ScatterCli(defaultKinds(), out, err, env).execute(args);
    }

    int execute(String[] argv) {
        List<String> args = new ArrayList<>(Arrays.asList(argv));
        boolean debug = args.removeIf("--debug"::equals) | isTrue(env.get("SCATTERSTREAM_DEBUG"));
        boolean help = args.removeIf(a -> a.equals("--help") || a.equals("-h"));
        try {
            return dispatch(args, help);
        } catch (UsageException e) {
            return fail(USAGE, e.getMessage(), e, debug);
        } catch (CliException | InputFormatException e) {
            return fail(FAILURE, e.getMessage(), e, debug);
        } catch (NoSuchFileException e) {
            return fail(FAILURE, "cannot access " + e.getFile() + ": " + (e.getReason() != null ? e.getReason() : "no such file"), e, debug);
        } catch (AccessDeniedException e) {
            return fail(FAILURE, "cannot access " + e.getFile() + ": permission denied", e, debug);
        } catch (FileSystemException e) {
            return fail(FAILURE, "cannot access " + e.getFile() + ": " + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()), e, debug);
        } catch (IOException | UncheckedIOException e) {
            return fail(FAILURE, "I/O error: " + Command.message(e), e, debug);
        } catch (OutOfMemoryError e) {
            return fail(FAILURE, "out of memory (max heap " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB); use a smaller batch or raise -Xmx via JAVA_OPTS", e, debug);
        } catch (Exception | Error e) {
            return fail(FAILURE, "internal error: " + e + (debug ? "" : " (run with --debug for the stack trace)"), e, debug);
        }
    }

    private int dispatch(List<String> args, boolean help) throws Exception {
        if (args.isEmpty()) {
            if (help) {
                out.print(mainHelp());
                return OK;
            }
            throw new UsageException("missing command: one of " + String.join(", ", commands.keySet()) + " (see 'scatter --help')");
        }
        String first = args.get(0);
        if (first.equals("--version")) {
            out.println("scatter " + version());
            return OK;
        }
        if (first.equals("help")) {
            // "scatter help transform 1d" = "scatter transform 1d --help"
            args.remove(0);
            if (args.isEmpty()) {
                out.print(mainHelp());
                return OK;
            }
            return dispatch(args, true);
        }
        Command cmd = commands.get(first);
        if (cmd == null) {
            throw new UsageException("unknown command '" + first + "' (expected " + String.join(", ", commands.keySet())
                    + "; see 'scatter --help')");
        }
        if (args.size() < 2 || args.get(1).startsWith("--")) {
            if (help) {
                out.print(commandHelp(cmd));
                return OK;
            }
            throw new UsageException("missing kind for '" + cmd.name() + "': one of " + String.join(", ", kinds.keySet())
                    + " (see 'scatter " + cmd.name() + " --help')");
        }
        KindCli kind = kinds.get(args.get(1));
        if (kind == null) {
            throw new UsageException("unknown kind '" + args.get(1) + "' for '" + cmd.name() + "' (expected "
                    + String.join(", ", kinds.keySet()) + ")");
        }
        if (help) {
            out.print(cmd.help(kind));
            return OK;
        }
        ParsedArgs parsed = ParsedArgs.parse(args.subList(2, args.size()), cmd.options(kind), cmd.name() + " " + kind.name());
        return cmd.run(kind, parsed, new Command.Console(out, err));
    }

    private int fail(int code, String message, Throwable e, boolean debug) {
        String m = message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        err.println("scatter: error: " + m);
        if (debug) e.printStackTrace(err);
        err.flush();
        return code;
    }

    private String mainHelp() {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: scatter <command> <kind> [options]\n\n");
        sb.append("Kymatio-exact wavelet scattering transforms (scatterstream ").append(version()).append(").\n\ncommands:\n");
        for (Command c : commands.values()) sb.append(String.format("  %-12s%s%n", c.name(), c.summary()));
        sb.append("\nkinds:\n");
        for (KindCli k : kinds.values()) sb.append(String.format("  %-12s%s%n", k.name(), k.summary()));
        sb.append("\n'scatter <command> <kind> --help' lists the options, e.g. 'scatter transform 1d --help'.\n");
        sb.append("--debug (or SCATTERSTREAM_DEBUG=1) prints stack traces; --version prints the version.\n");
        sb.append("Exit codes: 0 success, 1 runtime failure, 2 command-line mistake.\n");
        return sb.toString();
    }

    private String commandHelp(Command cmd) {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: scatter ").append(cmd.name()).append(" <kind> [options]\n\n").append(cmd.summary()).append(".\n\nkinds:\n");
        for (KindCli k : kinds.values()) sb.append(String.format("  %-12s%s%n", k.name(), k.summary()));
        sb.append("\n'scatter ").append(cmd.name()).append(" <kind> --help' lists the options.\n");
        return sb.toString();
    }

    /** The version from the jar's Maven metadata, or "dev" when run from classes. */
    static String version() {
        try (InputStream in = ScatterCli.class.getResourceAsStream(
                "/META-INF/maven/org.scatterstream/scatterstream-engine/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "dev");
            }
        } catch (IOException e) {
            // fall through: the version is informative only
        }
        return "dev";
    }

    private static boolean isTrue(String v) {
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes"));
    }
}
