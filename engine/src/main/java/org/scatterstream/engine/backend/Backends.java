package org.scatterstream.engine.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.scatterstream.engine.backend.cpu.CpuBackend;

/**
 * The backend registry and the selection rule (as in Kymatio, most specific wins):
 * <ol>
 *   <li>the builder's explicit {@code backend(...)} argument;</li>
 *   <li>the environment variable {@code SCATTERSTREAM_BACKEND_1D} / {@code _2D} / {@code _3D};</li>
 *   <li>the environment variable {@code SCATTERSTREAM_BACKEND};</li>
 *   <li>{@code backend = ...} (or {@code backend_1d = ...}) in
 *       {@code ~/.config/scatterstream/scatterstream.cfg};</li>
 *   <li>{@code cpu}.</li>
 * </ol>
 * The name {@code auto} picks the first available accelerator, else {@code cpu}. Backends besides
 * {@code cpu} are discovered with {@link ServiceLoader}.
 */
public final class Backends {
    /** The name that picks an accelerator when one is usable, else cpu. */
    public static final String AUTO = "auto";

    private static volatile Map<String, Backend> registry;

    private Backends() {}

    /** All registered backends by name, cpu first. */
    public static Map<String, Backend> all() {
        Map<String, Backend> r = registry;
        if (r == null) {
            synchronized (Backends.class) {
                if (registry == null) {
                    Map<String, Backend> m = new LinkedHashMap<>();
                    m.put(CpuBackend.NAME, new CpuBackend());
                    for (Backend b : ServiceLoader.load(Backend.class, Backends.class.getClassLoader())) {
                        m.putIfAbsent(b.name(), b);
                    }
                    registry = m;
                }
                r = registry;
            }
        }
        return r;
    }

    /**
     * Resolves the backend for a transform kind ({@code "1d"}, {@code "2d"}, {@code "3d"}) from an
     * explicit name (may be null), the environment and the configuration file.
     */
    public static Backend select(String explicit, String kind) {
        return select(explicit, kind, System::getenv, defaultConfigFile());
    }

    /** Same as {@link #select(String, String)} with the environment and file given (for tests). */
    public static Backend select(String explicit, String kind, Function<String, String> env, Path configFile) {
        String suffix = kind.toUpperCase(Locale.ROOT);
        String name = firstNonBlank(
                explicit,
                env.apply("SCATTERSTREAM_BACKEND_" + suffix),
                env.apply("SCATTERSTREAM_BACKEND"),
                fromConfig(configFile, "backend_" + kind.toLowerCase(Locale.ROOT)),
                fromConfig(configFile, "backend"),
                CpuBackend.NAME);
        return byName(name.trim().toLowerCase(Locale.ROOT));
    }

    /** The backend of that name, or {@code auto}'s choice; a clear error for unknown/unavailable ones. */
    public static Backend byName(String name) {
        Map<String, Backend> all = all();
        if (AUTO.equals(name)) {
            for (Backend b : all.values()) {
                if (!b.name().equals(CpuBackend.NAME) && b.unavailableReason() == null) return b;
            }
            return all.get(CpuBackend.NAME);
        }
        Backend b = all.get(name);
        if (b == null) {
            throw new BackendException("unknown backend '" + name + "'; available: " + describe());
        }
        String why = b.unavailableReason();
        if (why != null) {
            throw new BackendException("backend '" + name + "' is not usable here: " + why
                    + "; available: " + describe());
        }
        return b;
    }

    /** e.g. {@code cpu, auto, cuda (unavailable: no NVIDIA driver)}. */
    public static String describe() {
        StringBuilder sb = new StringBuilder();
        for (Backend b : all().values()) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(b.name());
            String why = b.unavailableReason();
            if (why != null) sb.append(" (unavailable: ").append(why).append(')');
        }
        return sb.append(", ").append(AUTO).toString();
    }

    /** {@code ~/.config/scatterstream/scatterstream.cfg} (XDG_CONFIG_HOME honoured). */
    public static Path defaultConfigFile() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("scatterstream").resolve("scatterstream.cfg");
    }

    private static String fromConfig(Path file, String key) {
        if (file == null || !Files.isRegularFile(file)) return null;
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);     // "key = value" and "key: value" lines, '#' comments; [sections] are ignored
        } catch (IOException | IllegalArgumentException e) {
            throw new BackendException("cannot read " + file + ": " + e.getMessage());
        }
        String v = p.getProperty(key);
        return v == null ? null : v.trim();
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return v;
        return null;
    }
}
