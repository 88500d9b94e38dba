package org.scatterstream.engine.cli;

/** A failure while doing what the command line asked (unreadable input, unwritable output): exit code 1. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
