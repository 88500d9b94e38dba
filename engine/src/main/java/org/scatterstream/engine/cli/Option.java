package org.scatterstream.engine.cli;

/**
 * One command-line option: {@code --name VALUE} (or {@code --name=VALUE}) when it has an argument
 * name, a bare {@code --name} switch otherwise.
 *
 * @param name     the option name without the leading dashes, e.g. {@code J}
 * @param argName  placeholder for the value in help text (e.g. {@code INT}), or null for a switch
 * @param help     one-line description; may mention the default
 * @param required whether the option must be given
 */
record Option(String name, String argName, String help, boolean required) {

    static Option value(String name, String argName, String help) {
        return new Option(name, argName, help, false);
    }

    static Option required(String name, String argName, String help) {
        return new Option(name, argName, help, true);
    }

    static Option flag(String name, String help) {
        return new Option(name, null, help, false);
    }

    boolean takesValue() {
        return argName != null;
    }

    /** {@code --J INT} or {@code --pre-pad}. */
    String synopsis() {
        return "--" + name + (takesValue() ? " " + argName : "");
    }
}
