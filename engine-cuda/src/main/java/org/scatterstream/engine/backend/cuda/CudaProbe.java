package org.scatterstream.engine.backend.cuda;

/**
 * Whether the CUDA backend can run in this JVM, decided once (static holder) and never retried: a
 * JCuda class whose static initialiser failed stays unusable (later touches only throw
 * NoClassDefFoundError), so a second attempt could only give a worse message. Every failure is
 * caught, whatever it is, and turned into one line.
 */
final class CudaProbe {
    private CudaProbe() {}

    /** Null when usable, else the reason. */
    static String reason() {
        return Holder.REASON;
    }

    private static final class Holder {
        static final String REASON = probe(CudaKernels.fatbin());
    }

    /** The probe, given the jar's kernels (null: none). */
    static String probe(byte[] fatbin) {
        if (fatbin == null) {
            return "built without kernels (no " + CudaKernels.RESOURCE + " in the jar: build engine-cuda where nvcc is "
                    + "installed, or keep the committed fatbin)";
        }
        try {
            Class.forName("jcuda.driver.JCudaDriver", false, CudaProbe.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return "JCuda (org.jcuda:jcuda) is not on the classpath";
        }
        try {
            return JCudaGpu.check();
        } catch (Throwable t) {
            return describe(t);
        }
    }

    /** One line for a failure to load or initialise the driver bindings. */
    static String describe(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) all.append(c.getMessage()).append('\n');
        String text = all.toString();
        if (text.contains("libcuda.so")) return "no NVIDIA driver (libcuda.so.1 not found)";
        if (t instanceof UnsatisfiedLinkError || t instanceof NoClassDefFoundError || t instanceof ExceptionInInitializerError) {
            return "cannot load the JCuda driver bindings: " + firstLine(t);
        }
        return "CUDA probe failed: " + firstLine(t);
    }

    private static String firstLine(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage();
        if (m == null || m.isBlank()) return root.getClass().getSimpleName();
        m = m.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }
}
