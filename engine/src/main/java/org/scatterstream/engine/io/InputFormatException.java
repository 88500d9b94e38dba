package org.scatterstream.engine.io;

import java.nio.file.Path;

/**
 * An input file that cannot be used: wrong or damaged format, or a valid file holding something
 * this library does not read (a complex dtype, Fortran order, A-law audio, ...).
 *
 * <p>The message is one line that names the file and the problem, fit to show a user as is, e.g.
 * {@code x.npy: truncated data: header declares shape (2, 4096) float64 = 65536 bytes, file has 1000}.
 */
public class InputFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** @param file the offending file (may be null when reading from elsewhere) */
    public InputFormatException(Path file, String problem) {
        super(file == null ? problem : file + ": " + problem);
        this.file = file;
    }

    /** @param file the offending file (may be null when reading from elsewhere) */
    public InputFormatException(Path file, String problem, Throwable cause) {
        super(file == null ? problem : file + ": " + problem, cause);
        this.file = file;
    }

    /** The offending file, or null. */
    public Path file() {
        return file;
    }
}
