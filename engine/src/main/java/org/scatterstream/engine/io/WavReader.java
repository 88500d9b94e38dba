package org.scatterstream.engine.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads RIFF/WAVE audio (and its 64-bit variants RF64 and BW64): integer PCM of 8 (unsigned), 16,
 * 24 and 32 bits, IEEE float of 32 and 64 bits, as plain format tags 1 and 3 or as
 * WAVE_FORMAT_EXTENSIBLE with those sub-formats, any number of channels.
 *
 * <p>Integer samples are scaled by {@code 2^(container bits - 1)} (8-bit: offset 128, scale 128) so
 * that they lie in [-1, 1); float samples are returned as stored. Unknown chunks are skipped
 * (honouring the pad byte after odd-sized chunks). Compressed encodings (A-law, mu-law, ADPCM, MP3,
 * ...), truncated files and inconsistent headers are an {@link InputFormatException} with a one-line
 * message.
 */
public final class WavReader {
    private static final int WAVE_FORMAT_PCM = 1;
    private static final int WAVE_FORMAT_IEEE_FLOAT = 3;
    private static final int WAVE_FORMAT_EXTENSIBLE = 0xFFFE;
    /** Bytes 2..15 of KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT; bytes 0..1 hold the format tag. */
    private static final byte[] GUID_TAIL = {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38,
            (byte) 0x9B, 0x71};
    private static final long UNKNOWN_SIZE = 0xFFFFFFFFL;
    private static final int CHUNK = 1 << 20;

    private WavReader() {
    }

    /** Reads and decodes a whole WAV file. */
    public static WavAudio read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return new Parser(file, ch).parse();
        }
    }

    private static final class Format {
        int tag;
        int channels;
        long sampleRate;
        int blockAlign;
        int bits;
        int validBits;
        boolean isFloat;
        int containerBytes;
        String encoding;
    }

    private static final class Parser {
        final Path file;
        final FileChannel ch;
        final long fileSize;

        Parser(Path file, FileChannel ch) throws IOException {
            this.file = file;
            this.ch = ch;
            this.fileSize = ch.size();
        }

        WavAudio parse() throws IOException {
            if (fileSize < 12) throw fail("not a WAV file (" + fileSize + " bytes, too short for a RIFF header)");
            ByteBuffer h = readAt(0, 12);
            String riff = fourcc(h, 0);
            String wave = fourcc(h, 8);
            boolean rf64 = riff.equals("RF64") || riff.equals("BW64");
            if (!(riff.equals("RIFF") || rf64) || !wave.equals("WAVE")) {
                if (riff.equals("RIFX")) throw fail("big-endian RIFX WAV files are not supported");
                throw fail("not a WAV file (starts with " + printable(riff) + "..." + printable(wave)
                        + ", expected RIFF...WAVE)");
            }
            long ds64DataSize = -1;
            Format fmt = null;
            long dataStart = -1;
            long dataSize = -1;
            long pos = 12;
            while (fmt == null || dataStart < 0) {
                if (pos + 8 > fileSize) {
                    if (fmt == null) throw fail("no 'fmt ' chunk" + (pos < fileSize ? " (file ends inside a chunk header)" : ""));
                    throw fail("no 'data' chunk" + (pos < fileSize ? " (file ends inside a chunk header)" : ""));
                }
                ByteBuffer c = readAt(pos, 8);
                String id = fourcc(c, 0);
                long size = c.getInt(4) & 0xffffffffL;
                long body = pos + 8;
                switch (id) {
                    case "ds64": {
                        if (!rf64) break;
                        if (size < 24 || body + 24 > fileSize) throw fail("truncated 'ds64' chunk");
                        ds64DataSize = readAt(body, 24).getLong(8);
                        if (ds64DataSize < 0) throw fail("invalid 'ds64' data size");
                        break;
                    }
                    case "fmt ": {
                        if (fmt != null) throw fail("more than one 'fmt ' chunk");
                        if (size < 16) throw fail("'fmt ' chunk too short (" + size + " bytes, need at least 16)");
                        if (body + size > fileSize) throw fail("truncated 'fmt ' chunk");
                        fmt = parseFormat(readAt(body, (int) Math.min(size, 64)), size);
                        break;
                    }
                    case "data": {
                        if (rf64 && size == UNKNOWN_SIZE) {
                            if (ds64DataSize < 0) throw fail("RF64 file without a 'ds64' chunk before 'data'");
                            size = ds64DataSize;
                        } else if (size == UNKNOWN_SIZE) {
                            // Streaming writers that cannot seek back leave the size unset: the data runs to the end.
                            size = fileSize - body;
                        }
                        if (body + size > fileSize) {
                            throw fail("truncated 'data' chunk: header declares " + size + " bytes, file has "
                                    + (fileSize - body));
                        }
                        dataStart = body;
                        dataSize = size;
                        break;
                    }
                    default:
                        break;
                }
                if (!id.equals("data") && body + size > fileSize) {
                    throw fail("chunk " + printable(id) + " at offset " + pos + " declares " + size
                            + " bytes but the file ends after " + (fileSize - body) + (fmt == null ? " (no 'fmt ' chunk read)" : " (no 'data' chunk read)"));
                }
                if (size > fileSize) size = fileSize; // keeps the arithmetic below from overflowing
                pos = body + size + (size & 1);
            }
            return decode(fmt, dataStart, dataSize);
        }

        Format parseFormat(ByteBuffer b, long size) {
            Format f = new Format();
            f.tag = b.getShort(0) & 0xffff;
            f.channels = b.getShort(2) & 0xffff;
            f.sampleRate = b.getInt(4) & 0xffffffffL;
            f.blockAlign = b.getShort(12) & 0xffff;
            f.bits = b.getShort(14) & 0xffff;
            f.validBits = f.bits;
            int tag = f.tag;
            if (tag == WAVE_FORMAT_EXTENSIBLE) {
                if (size < 40) throw fail("WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk too short (" + size + " bytes, need 40)");
                int valid = b.getShort(18) & 0xffff;
                for (int i = 0; i < GUID_TAIL.length; i++) {
                    if (b.get(26 + i) != GUID_TAIL[i]) throw fail("unsupported WAVE_FORMAT_EXTENSIBLE sub-format (not a standard GUID)");
                }
                tag = b.getShort(24) & 0xffff;
                if (valid != 0) f.validBits = valid;
            }
            if (tag != WAVE_FORMAT_PCM && tag != WAVE_FORMAT_IEEE_FLOAT) {
                throw fail("unsupported WAV encoding: " + formatName(tag) + " (format tag " + tag + "); "
                        + "supported are integer PCM and IEEE float (e.g. ffmpeg -i in.wav -c:a pcm_s16le out.wav)");
            }
            f.isFloat = tag == WAVE_FORMAT_IEEE_FLOAT;
            if (f.channels == 0) throw fail("'fmt ' chunk declares 0 channels");
            if (f.sampleRate == 0) throw fail("'fmt ' chunk declares a sample rate of 0");
            if (f.sampleRate > Integer.MAX_VALUE) throw fail("implausible sample rate " + f.sampleRate);
            if (f.blockAlign == 0 || f.blockAlign % f.channels != 0) {
                throw fail("block align " + f.blockAlign + " is not a multiple of the channel count " + f.channels);
            }
            f.containerBytes = f.blockAlign / f.channels;
            int container = f.containerBytes * 8;
            if (f.bits == 0 || f.bits > container || f.validBits > f.bits) {
                throw fail(f.bits + " bits per sample do not fit the " + container + "-bit sample container (block align "
                        + f.blockAlign + ", " + f.channels + " channels)");
            }
            if (f.isFloat) {
                if (container != 32 && container != 64) throw fail("unsupported IEEE float sample size " + container + " bits (supported: 32, 64)");
                f.encoding = "IEEE float " + container + "-bit";
            } else {
                if (container > 32) throw fail("unsupported PCM sample size " + container + " bits (supported: 8, 16, 24, 32)");
                f.encoding = "PCM " + f.validBits + "-bit" + (container == 8 ? " unsigned" : "")
                        + (f.validBits != container ? " in " + container + "-bit container" : "");
            }
            return f;
        }

        WavAudio decode(Format f, long start, long size) throws IOException {
            long frames = size / f.blockAlign;
            if (size % f.blockAlign != 0) {
                throw fail("'data' chunk of " + size + " bytes is not a whole number of " + f.blockAlign
                        + "-byte frames (truncated?)");
            }
            if (frames * f.channels > NpyReader.MAX_ARRAY) {
                throw fail("too long: " + frames + " frames x " + f.channels + " channels exceed one Java array");
            }
            int nf = (int) frames;
            int nc = f.channels;
            double[] out = new double[nf * nc];
            int framesPerChunk = Math.max(1, CHUNK / f.blockAlign);
            ByteBuffer buf = ByteBuffer.allocate(framesPerChunk * f.blockAlign).order(ByteOrder.LITTLE_ENDIAN);
            int cb = f.containerBytes;
            double scale = f.isFloat ? 1.0 : 1.0 / (1L << (cb * 8 - 1));
            for (int done = 0; done < nf; ) {
                int k = Math.min(framesPerChunk, nf - done);
                buf.clear().limit(k * f.blockAlign);
                readFully(start + (long) done * f.blockAlign, buf);
                int p = 0;
                for (int i = 0; i < k; i++) {
                    int frame = done + i;
                    for (int c = 0; c < nc; c++, p += cb) {
                        double v;
                        if (f.isFloat) {
                            v = cb == 4 ? buf.getFloat(p) : buf.getDouble(p);
                        } else {
                            switch (cb) {
                                case 1: v = (buf.get(p) & 0xff) - 128; break;
                                case 2: v = buf.getShort(p); break;
                                case 3: v = (buf.get(p) & 0xff) | (buf.get(p + 1) & 0xff) << 8 | buf.get(p + 2) << 16; break;
                                default: v = buf.getInt(p); break;
                            }
                            v *= scale;
                        }
                        out[c * nf + frame] = v;
                    }
                }
                done += k;
            }
            return new WavAudio((int) f.sampleRate, nc, nf, f.validBits, f.encoding, out);
        }

        ByteBuffer readAt(long pos, int len) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
            readFully(pos, b);
            return b;
        }

        void readFully(long pos, ByteBuffer b) throws IOException {
            int start = b.position();
            while (b.hasRemaining()) {
                int r = ch.read(b, pos + b.position() - start);
                if (r < 0) throw new EOFException(file + ": file shrank while reading");
            }
            b.flip();
        }

        InputFormatException fail(String problem) {
            return new InputFormatException(file, problem);
        }
    }

    private static String fourcc(ByteBuffer b, int at) {
        byte[] x = new byte[4];
        b.get(at, x);
        return new String(x, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder("'");
        for (char c : s.toCharArray()) {
            if (c >= 0x20 && c < 0x7f) sb.append(c);
            else sb.append(String.format("\\x%02x", (int) c));
        }
        return sb.append('\'').toString();
    }

    private static String formatName(int tag) {
        switch (tag) {
            case 2: return "Microsoft ADPCM";
            case 6: return "A-law";
            case 7: return "mu-law";
            case 0x11: return "IMA ADPCM";
            case 0x31: return "GSM 6.10";
            case 0x50: return "MPEG";
            case 0x55: return "MP3";
            case 0xFF: return "AAC";
            default: return "unknown encoding";
        }
    }
}
