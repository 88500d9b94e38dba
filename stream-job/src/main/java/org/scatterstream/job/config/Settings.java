package org.scatterstream.job.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, validating access to a flat {@code key -> value} map, remembering which keys were read so that
 * unknown (mistyped) keys can be reported. Every failure is a {@link ConfigException} naming the key.
 */
final class Settings {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|min|m|h)?");

    private final Map<String, String> values;
    private final Set<String> read = new TreeSet<>();

    Settings(Map<String, String> values) {
        this.values = new TreeMap<>(values);
    }

    boolean has(String key) {
        read.add(key);
        String v = values.get(key);
        return v != null && !v.isBlank();
    }

    String string(String key, String def) {
        read.add(key);
        String v = values.get(key);
        return v == null || v.isBlank() ? def : v.trim();
    }

    /** A value that must be given. */
    String required(String key) {
        String v = string(key, null);
        if (v == null) throw new ConfigException("missing required configuration '" + key + "'");
        return v;
    }

    int intIn(String key, int def, int min, int max) {
        String v = string(key, null);
        if (v == null) return def;
        int x;
        try {
            x = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException("invalid value for '" + key + "': '" + v + "' (expected an integer)");
        }
        if (x < min || x > max) {
            throw new ConfigException("invalid value for '" + key + "': " + x + " (expected "
                    + (max == Integer.MAX_VALUE ? ">= " + min : min + ".." + max) + ")");
        }
        return x;
    }

    double positiveDouble(String key, double def) {
        String v = string(key, null);
        if (v == null) return def;
        double x;
        try {
            x = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new ConfigException("invalid value for '" + key + "': '" + v + "' (expected a number)");
        }
        if (!(x > 0) || Double.isInfinite(x)) {
            throw new ConfigException("invalid value for '" + key + "': " + v + " (expected a positive finite number)");
        }
        return x;
    }

    boolean bool(String key, boolean def) {
        String v = string(key, null);
        if (v == null) return def;
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on": return true;
            case "false": case "no": case "off": return false;
            default: throw new ConfigException("invalid value for '" + key + "': '" + v + "' (expected true or false)");
        }
    }

    /** Durations like {@code 250ms}, {@code 5s}, {@code 10min}, {@code 1h}; a bare number is milliseconds. */
    Duration duration(String key, Duration def, Duration min) {
        String v = string(key, null);
        if (v == null) return def;
        Duration d = parseDuration(v);
        if (d == null) {
            throw new ConfigException("invalid value for '" + key + "': '" + v + "' (expected a duration such as 500ms, 10s, 5min)");
        }
        if (d.compareTo(min) < 0) {
            throw new ConfigException("invalid value for '" + key + "': " + v + " (expected at least " + format(min) + ")");
        }
        return d;
    }

    <E> E parsed(String key, E def, Function<String, E> parser) {
        String v = string(key, null);
        if (v == null) return def;
        try {
            return parser.apply(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid value for '" + key + "': '" + v + "' (" + e.getMessage() + ")");
        }
    }

    /** All entries under {@code prefix.} with the prefix removed. */
    Map<String, String> subtree(String prefix) {
        Map<String, String> m = new TreeMap<>();
        String p = prefix + ".";
        values.forEach((k, v) -> {
            if (k.startsWith(p)) {
                read.add(k);
                m.put(k.substring(p.length()), v);
            }
        });
        return m;
    }

    /** Fails on the first key that was never read: a typo or an option this version does not have. */
    void rejectUnknown() {
        for (String k : values.keySet()) {
            if (!read.contains(k)) {
                throw new ConfigException("unknown configuration key '" + k + "'");
            }
        }
    }

    static Duration parseDuration(String v) {
        Matcher m = DURATION.matcher(v.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) return null;
        double x = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        double ms;
        switch (unit) {
            case "ms": ms = x; break;
            case "s": ms = x * 1e3; break;
            case "m": case "min": ms = x * 60e3; break;
            case "h": ms = x * 3600e3; break;
            default: return null;
        }
        return Duration.ofNanos(Math.round(ms * 1e6));
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "min";
        if (ms % 1000 == 0 && ms > 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}
