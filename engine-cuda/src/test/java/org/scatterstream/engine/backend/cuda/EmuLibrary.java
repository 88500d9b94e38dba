package org.scatterstream.engine.backend.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds (g++, once per source change, into target/emu) and loads the CPU emulation of the kernels:
 * src/test/native/emu_jni.cpp compiling src/main/cuda/scatter.cu against cuda_emu.h. Tests that need
 * it assume {@link #unavailable()} is null; where g++ is missing they are skipped with that reason.
 */
final class EmuLibrary {
    private EmuLibrary() {}

    private static final class Holder {
        static final String REASON = load();
    }

    /** Null when the emulation is loaded, else why not. */
    static String unavailable() {
        return Holder.REASON;
    }

    static Path moduleDir() {
        String b = System.getProperty("basedir");
        Path p = b != null ? Path.of(b) : Path.of("").toAbsolutePath();
        if (!Files.isDirectory(p.resolve("src/main/cuda")) && Files.isDirectory(p.resolve("engine-cuda/src/main/cuda"))) {
            p = p.resolve("engine-cuda");
        }
        return p;
    }

    private static String load() {
        String prebuilt = System.getProperty("scatterstream.emu.library");   // e.g. an AddressSanitizer build
        if (prebuilt != null && !prebuilt.isBlank()) {
            System.load(Path.of(prebuilt).toAbsolutePath().toString());
            return null;
        }
        try {
            Path dir = moduleDir();
            Path nat = dir.resolve("src/test/native");
            List<Path> sources = List.of(nat.resolve("emu_jni.cpp"), nat.resolve("cuda_emu.h"), dir.resolve("src/main/cuda/scatter.cu"));
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path s : sources) md.update(Files.readAllBytes(s));
            String hash = HexFormat.of().formatHex(md.digest()).substring(0, 16);
            Path out = dir.resolve("target/emu/libscatteremu-" + hash + ".so");
            if (!Files.exists(out)) {
                Files.createDirectories(out.getParent());
                Path javaHome = Path.of(System.getProperty("java.home"));
                Path tmp = Files.createTempFile(out.getParent(), "build", ".so");
                ProcessBuilder pb = new ProcessBuilder("g++", "-std=c++17", "-O1", "-g0", "-shared", "-fPIC",
                        "-I" + nat, "-I" + javaHome.resolve("include"), "-I" + javaHome.resolve("include/linux"),
                        "-o", tmp.toString(), nat.resolve("emu_jni.cpp").toString());
                pb.redirectErrorStream(true);
                Process p;
                try {
                    p = pb.start();
                } catch (IOException e) {
                    return "g++ is not installed (the kernels' CPU emulation is compiled with it)";
                }
                String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("compiling the kernel emulation failed:\n" + log);
                }
                Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            System.load(out.toAbsolutePath().toString());
            return null;
        } catch (IOException | NoSuchAlgorithmException e) {
            return "cannot build the kernel emulation: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
