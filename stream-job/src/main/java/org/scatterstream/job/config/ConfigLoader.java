package org.scatterstream.job.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the job configuration from an optional YAML file and command-line flags. Nested YAML maps become
 * dotted keys ({@code window: {size: 4096}} is {@code window.size}); lists become comma-separated values.
 * Flags {@code --key value} or {@code --key=value} override the file; {@code --config FILE} names the file;
 * {@code --bootstrap} is short for {@code --kafka.bootstrap-servers}.
 */
public final class ConfigLoader {
    private static final Map<String, String> ALIASES = Map.of(
            "bootstrap", "kafka.bootstrap-servers",
            "bootstrap-servers", "kafka.bootstrap-servers");

    private ConfigLoader() {
    }

    /** Parses {@code args} (flags and {@code --config FILE}) into a validated configuration. */
    public static JobConfig load(String[] args) {
        return JobConfig.fromMap(flatten(args));
    }

    /** The flat key/value map {@code args} describe, file first, flags on top (not yet validated). */
    public static Map<String, String> flatten(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        String file = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() == 2) {
                throw new ConfigException("unexpected argument '" + a + "' (options are --key value or --key=value)");
            }
            String key;
            String value;
            int eq = a.indexOf('=');
            if (eq > 0) {
                key = a.substring(2, eq);
                value = a.substring(eq + 1);
            } else {
                key = a.substring(2);
                if (i + 1 >= args.length) throw new ConfigException("option --" + key + " needs a value");
                value = args[++i];
            }
            key = ALIASES.getOrDefault(key, key);
            if (key.equals("config")) {
                file = value;
            } else {
                flags.put(key, value);
            }
        }
        Map<String, String> flat = new LinkedHashMap<>();
        if (file != null) flat.putAll(readYaml(Path.of(file)));
        flat.putAll(flags);
        return flat;
    }

    /** Reads and flattens a YAML configuration file. */
    public static Map<String, String> readYaml(Path file) {
        Object root;
        try (Reader r = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (NoSuchFileException e) {
            throw new ConfigException("configuration file not found: " + file);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        } catch (YAMLException e) {
            throw new ConfigException("configuration file " + file + " is not valid YAML: "
                    + e.getMessage().replace('\n', ' '));
        }
        Map<String, String> flat = new LinkedHashMap<>();
        if (root == null) return flat;
        if (!(root instanceof Map)) {
            throw new ConfigException("configuration file " + file + " must hold a YAML mapping at the top level");
        }
        flatten("", (Map<?, ?>) root, flat);
        return flat;
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            Object v = e.getValue();
            if (v instanceof Map) {
                flatten(key + ".", (Map<?, ?>) v, out);
            } else if (v instanceof List) {
                out.put(key, ((List<?>) v).stream().map(String::valueOf).collect(Collectors.joining(",")));
            } else if (v != null) { // "key:" with nothing after it (or only comments) is as if absent
                out.put(key, String.valueOf(v));
            }
        }
    }
}
