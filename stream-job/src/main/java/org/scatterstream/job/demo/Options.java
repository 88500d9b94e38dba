package org.scatterstream.job.demo;

import org.scatterstream.job.config.ConfigException;
import org.scatterstream.job.config.ConfigLoader;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Command options: the command's own ({@code --seconds 30}) and, passed through, job configuration keys
 * ({@code --window.size 2048}, {@code --config job.yaml}, {@code --bootstrap host:port}).
 */
final class Options {
    private final Map<String, String> own = new HashMap<>();
    private final Map<String, String> job;

    Options(String[] args, Set<String> ownNames) {
        java.util.List<String> rest = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a.startsWith("--") ? a.substring(2) : a;
            String value = null;
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (a.startsWith("--") && ownNames.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) throw new ConfigException("option --" + name + " needs a value");
                    value = args[++i];
                }
                own.put(name, value);
            } else {
                rest.add(a);
            }
        }
        job = new LinkedHashMap<>(ConfigLoader.flatten(rest.toArray(new String[0])));
    }

    /** Job configuration keys given on the command line (and in --config). */
    Map<String, String> job() {
        return job;
    }

    String string(String name, String def) {
        return own.getOrDefault(name, def);
    }

    int positiveInt(String name, int def) {
        String v = own.get(name);
        if (v == null) return def;
        try {
            int x = Integer.parseInt(v);
            if (x > 0) return x;
        } catch (NumberFormatException e) {
            // below
        }
        throw new ConfigException("--" + name + " must be a positive integer, got '" + v + "'");
    }

    double nonNegative(String name, double def) {
        String v = own.get(name);
        if (v == null) return def;
        try {
            double x = Double.parseDouble(v);
            if (x >= 0 && Double.isFinite(x)) return x;
        } catch (NumberFormatException e) {
            // below
        }
        throw new ConfigException("--" + name + " must be a number >= 0, got '" + v + "'");
    }
}
