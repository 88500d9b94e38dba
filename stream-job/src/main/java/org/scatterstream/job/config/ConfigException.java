package org.scatterstream.job.config;

/**
 * An invalid job configuration. The message is one line meant for the user, naming the key and what was
 * expected; launchers print it without a stack trace.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
