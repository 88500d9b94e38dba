package org.scatterstream.engine.cli;

/** A mistake in the command line (unknown option, bad number, invalid parameters): exit code 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
