package org.scatterstream.engine.io;

/** The NPY element types this library reads and writes. */
public enum NpyDtype {
    /** IEEE 754 binary32, NumPy {@code float32} ({@code f4}). */
    FLOAT32(4, "f4", "float32"),
    /** IEEE 754 binary64, NumPy {@code float64} ({@code f8}). */
    FLOAT64(8, "f8", "float64");

    private final int itemSize;
    private final String code;
    private final String numpyName;

    NpyDtype(int itemSize, String code, String numpyName) {
        this.itemSize = itemSize;
        this.code = code;
        this.numpyName = numpyName;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    /** The type code without byte order, e.g. {@code f8}. */
    public String code() {
        return code;
    }

    /** NumPy's name, e.g. {@code float64}. */
    public String numpyName() {
        return numpyName;
    }

    /** The type code with a byte order character, e.g. {@code <f8}. */
    public String littleEndianDescr() {
        return "<" + code;
    }
}
