package org.scatterstream.engine.backend;

/** A backend cannot be selected or failed at run time; the message is one line, fit for users. */
public class BackendException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
