package org.scatterstream.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavReaderTest {
    @TempDir
    Path dir;

    // ---------------------------------------------------------------- builders

    /** A little-endian byte sink for hand-made files. */
    static final class Bytes {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes id(String fourcc) {
            out.writeBytes(fourcc.getBytes(StandardCharsets.ISO_8859_1));
            return this;
        }

        Bytes u16(int v) {
            out.write(v & 0xff);
            out.write(v >> 8 & 0xff);
            return this;
        }

        Bytes u24(int v) {
            out.write(v & 0xff);
            out.write(v >> 8 & 0xff);
            out.write(v >> 16 & 0xff);
            return this;
        }

        Bytes u32(long v) {
            u16((int) (v & 0xffff));
            return u16((int) (v >>> 16 & 0xffff));
        }

        Bytes u64(long v) {
            u32(v & 0xffffffffL);
            return u32(v >>> 32);
        }

        Bytes f32(float v) {
            return u32(Float.floatToIntBits(v) & 0xffffffffL);
        }

        Bytes f64(double v) {
            return u64(Double.doubleToLongBits(v));
        }

        Bytes raw(byte... b) {
            out.writeBytes(b);
            return this;
        }

        /** A chunk with its size, body and the pad byte after an odd body. */
        Bytes chunk(String id, byte[] body) {
            id(id).u32(body.length).raw(body);
            if ((body.length & 1) == 1) out.write(0);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    static byte[] fmt(int tag, int channels, int rate, int bits, int blockAlign) {
        return new Bytes().u16(tag).u16(channels).u32(rate).u32((long) rate * blockAlign).u16(blockAlign).u16(bits).bytes();
    }

    static byte[] fmtExtensible(int subTag, int channels, int rate, int containerBits, int validBits) {
        int blockAlign = channels * containerBits / 8;
        return new Bytes().u16(0xFFFE).u16(channels).u32(rate).u32((long) rate * blockAlign).u16(blockAlign)
                .u16(containerBits).u16(22).u16(validBits).u32(3)
                .u16(subTag).raw(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71})
                .bytes();
    }

    /** RIFF/WAVE around the given chunks (already encoded). */
    static byte[] riff(byte[]... chunks) {
        Bytes body = new Bytes().id("WAVE");
        for (byte[] c : chunks) body.raw(c);
        byte[] b = body.bytes();
        return new Bytes().id("RIFF").u32(b.length).raw(b).bytes();
    }

    static byte[] chunk(String id, byte[] body) {
        return new Bytes().chunk(id, body).bytes();
    }

    Path file(byte[] bytes) throws IOException {
        Path p = dir.resolve("a.wav");
        Files.write(p, bytes);
        return p;
    }

    WavAudio read(byte[] bytes) throws IOException {
        return WavReader.read(file(bytes));
    }

    String fails(byte[] bytes) throws IOException {
        Path p = file(bytes);
        InputFormatException e = assertThrows(InputFormatException.class, () -> WavReader.read(p));
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        return e.getMessage();
    }

    // ---------------------------------------------------------------- decoding

    @Test
    void pcm16StereoIsDeinterleavedAndScaled() throws Exception {
        byte[] data = new Bytes().u16(0).u16(-32768).u16(32767).u16(16384).u16(-1).u16(1).bytes();
        WavAudio a = read(riff(chunk("fmt ", fmt(1, 2, 44100, 16, 4)), chunk("data", data)));
        assertEquals(44100, a.sampleRate());
        assertEquals(2, a.channels());
        assertEquals(3, a.frames());
        assertEquals(16, a.bitsPerSample());
        assertEquals("PCM 16-bit", a.encoding());
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new double[] {0, 32767 / 32768.0, -1 / 32768.0, -1, 0.5, 1 / 32768.0}, a.data());
    }

    @Test
    void pcm24SignExtends() throws Exception {
        byte[] data = new Bytes().u24(0x800000).u24(0x7fffff).u24(0xffffff).u24(0x000001).u24(0x400000).bytes();
        WavAudio a = read(riff(chunk("fmt ", fmt(1, 1, 48000, 24, 3)), chunk("data", data)));
        double s = 1 << 23;
        assertArrayEquals(new double[] {-1, 0x7fffff / s, -1 / s, 1 / s, 0.5}, a.data());
        assertEquals("PCM 24-bit", a.encoding());
    }

    @Test
    void pcm24StereoWithOddDataChunkPadding() throws Exception {
        // 1 frame of 2 x 24 bit = 6 bytes; use 3 channels to get an odd 9-byte chunk and its pad byte
        byte[] data = new Bytes().u24(1).u24(2).u24(0xfffffe).bytes();
        byte[] wav = riff(chunk("fmt ", fmt(1, 3, 8000, 24, 9)), chunk("data", data), chunk("LIST", new byte[4]));
        WavAudio a = read(wav);
        double s = 1 << 23;
        assertArrayEquals(new int[] {3, 1}, a.shape());
        assertArrayEquals(new double[] {1 / s, 2 / s, -2 / s}, a.data());
    }

    @Test
    void pcm32AndUnsigned8() throws Exception {
        WavAudio a32 = read(riff(chunk("fmt ", fmt(1, 1, 8000, 32, 4)),
                chunk("data", new Bytes().u32(0x80000000L).u32(0x40000000L).u32(0xffffffffL).bytes())));
        assertArrayEquals(new double[] {-1, 0.5, -1.0 / (1L << 31)}, a32.data());
        WavAudio a8 = read(riff(chunk("fmt ", fmt(1, 1, 8000, 8, 1)), chunk("data", new byte[] {0, (byte) 128, (byte) 255})));
        assertArrayEquals(new double[] {-1, 0, 127 / 128.0}, a8.data());
        assertEquals("PCM 8-bit unsigned", a8.encoding());
    }

    @Test
    void ieeeFloat32And64KeepTheirValues() throws Exception {
        WavAudio f = read(riff(chunk("fmt ", fmt(3, 2, 16000, 32, 8)),
                chunk("data", new Bytes().f32(0.25f).f32(-1.5f).f32(2f).f32(-0f).bytes())));
        assertArrayEquals(new double[] {0.25, 2, -1.5, -0.0}, f.data());
        assertEquals("IEEE float 32-bit", f.encoding());
        WavAudio d = read(riff(chunk("fmt ", fmt(3, 1, 16000, 64, 8)), chunk("data", new Bytes().f64(1e-300).f64(-0.125).bytes())));
        assertArrayEquals(new double[] {1e-300, -0.125}, d.data());
    }

    @Test
    void extensiblePcmAndFloat() throws Exception {
        // 24 valid bits in a 32-bit container: samples are left-justified, so scale by 2^31
        WavAudio a = read(riff(chunk("fmt ", fmtExtensible(1, 2, 96000, 32, 24)),
                chunk("data", new Bytes().u32(0x80000000L).u32(0x7fffff00L).bytes())));
        assertArrayEquals(new double[] {-1, 0x7fffff00L / (double) (1L << 31)}, a.data());
        assertEquals(24, a.bitsPerSample());
        assertEquals("PCM 24-bit in 32-bit container", a.encoding());
        WavAudio f = read(riff(chunk("fmt ", fmtExtensible(3, 1, 48000, 32, 32)), chunk("data", new Bytes().f32(0.75f).bytes())));
        assertArrayEquals(new double[] {0.75}, f.data());
        WavAudio s24 = read(riff(chunk("fmt ", fmtExtensible(1, 1, 48000, 24, 24)), chunk("data", new Bytes().u24(0xc00000).bytes())));
        assertArrayEquals(new double[] {-0.5}, s24.data());
    }

    @Test
    void skipsUnknownChunksIncludingOddSizedOnes() throws Exception {
        byte[] wav = riff(chunk("JUNK", new byte[7]), chunk("fmt ", fmt(1, 1, 8000, 16, 2)), chunk("LIST", new byte[] {1, 2, 3}),
                chunk("fact", new Bytes().u32(2).bytes()), chunk("data", new Bytes().u16(100).u16(-100).bytes()));
        assertArrayEquals(new double[] {100 / 32768.0, -100 / 32768.0}, read(wav).data());
    }

    @Test
    void manyChannelsAndEmptyData() throws Exception {
        Bytes d = new Bytes();
        for (int f = 0; f < 2; f++) for (int c = 0; c < 6; c++) d.u16(c * 1000 + f);
        WavAudio a = read(riff(chunk("fmt ", fmt(1, 6, 8000, 16, 12)), chunk("data", d.bytes())));
        assertArrayEquals(new int[] {6, 2}, a.shape());
        assertEquals(5001 / 32768.0, a.data()[5 * 2 + 1]);
        WavAudio empty = read(riff(chunk("fmt ", fmt(1, 2, 8000, 16, 4)), chunk("data", new byte[0])));
        assertArrayEquals(new int[] {2, 0}, empty.shape());
    }

    @Test
    void rf64WithDs64Chunk() throws Exception {
        byte[] samples = new Bytes().u16(8192).u16(-8192).bytes();
        byte[] ds64 = chunk("ds64", new Bytes().u64(0).u64(samples.length).u64(2).u32(0).bytes());
        byte[] data = new Bytes().id("data").u32(0xffffffffL).raw(samples).bytes();
        Bytes body = new Bytes().id("WAVE").raw(ds64).raw(chunk("fmt ", fmt(1, 1, 8000, 16, 2))).raw(data);
        byte[] wav = new Bytes().id("RF64").u32(0xffffffffL).raw(body.bytes()).bytes();
        assertArrayEquals(new double[] {0.25, -0.25}, read(wav).data());
    }

    @Test
    void unknownDataSizeOfAStreamingWriterRunsToTheEnd() throws Exception {
        byte[] head = riff(chunk("fmt ", fmt(1, 1, 8000, 16, 2)));
        byte[] wav = new Bytes().raw(head).id("data").u32(0xffffffffL).u16(16384).u16(-16384).bytes();
        assertArrayEquals(new double[] {0.5, -0.5}, read(wav).data());
    }

    @Test
    void agreesWithJavaSound() throws Exception {
        int frames = 1000;
        byte[] pcm = new byte[frames * 4];
        ByteBuffer b = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            b.putShort((short) Math.round(20000 * Math.sin(i * 0.05)));
            b.putShort((short) (i * 7 - 3000));
        }
        AudioFormat af = new AudioFormat(22050f, 16, 2, true, false);
        Path p = dir.resolve("js.wav");
        try (AudioInputStream ais = new AudioInputStream(new ByteArrayInputStream(pcm), af, frames)) {
            AudioSystem.write(ais, AudioFileFormat.Type.WAVE, p.toFile());
        }
        WavAudio a = WavReader.read(p);
        assertEquals(22050, a.sampleRate());
        assertArrayEquals(new int[] {2, frames}, a.shape());
        for (int i = 0; i < frames; i++) {
            assertEquals(Math.round(20000 * Math.sin(i * 0.05)) / 32768.0, a.data()[i]);
            assertEquals((i * 7 - 3000) / 32768.0, a.data()[frames + i]);
        }
    }

    // ---------------------------------------------------------------- errors

    @Test
    void truncatedDataChunk() throws Exception {
        byte[] full = riff(chunk("fmt ", fmt(1, 1, 8000, 16, 2)), chunk("data", new byte[100]));
        String m = fails(Arrays.copyOf(full, full.length - 40));
        assertTrue(m.endsWith("truncated 'data' chunk: header declares 100 bytes, file has 60"), m);
    }

    @Test
    void dataThatIsNotWholeFrames() throws Exception {
        String m = fails(riff(chunk("fmt ", fmt(1, 2, 8000, 16, 4)), chunk("data", new byte[10])));
        assertTrue(m.contains("'data' chunk of 10 bytes is not a whole number of 4-byte frames"), m);
    }

    @Test
    void notAWavFile() throws Exception {
        assertTrue(fails("RIFF\0\0\0\0AVI LIST".getBytes(StandardCharsets.ISO_8859_1)).contains("not a WAV file (starts with 'RIFF'...'AVI '"));
        assertTrue(fails(new byte[] {1, 2, 3}).contains("not a WAV file (3 bytes"));
        assertTrue(fails("RIFX\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1)).contains("big-endian RIFX"));
    }

    @Test
    void missingChunks() throws Exception {
        assertTrue(fails(riff(chunk("data", new byte[4]))).contains("no 'fmt ' chunk"));
        assertTrue(fails(riff(chunk("fmt ", fmt(1, 1, 8000, 16, 2)))).contains("no 'data' chunk"));
        assertTrue(fails(riff(chunk("fmt ", fmt(1, 1, 8000, 16, 2)), new byte[] {'d', 'a'})).contains("ends inside a chunk header"));
        byte[] cut = riff(chunk("fmt ", fmt(1, 1, 8000, 16, 2)), chunk("LIST", new byte[50]));
        assertTrue(fails(Arrays.copyOf(cut, cut.length - 20)).contains("chunk 'LIST' at offset 36 declares 50 bytes but the file ends after 30"));
    }

    @Test
    void unsupportedEncodings() throws Exception {
        String alaw = fails(riff(chunk("fmt ", fmt(6, 1, 8000, 8, 1)), chunk("data", new byte[2])));
        assertTrue(alaw.contains("unsupported WAV encoding: A-law (format tag 6)"), alaw);
        assertTrue(fails(riff(chunk("fmt ", fmt(7, 1, 8000, 8, 1)), chunk("data", new byte[2]))).contains("mu-law"));
        assertTrue(fails(riff(chunk("fmt ", fmt(0x55, 2, 44100, 0, 1)), chunk("data", new byte[2]))).contains("MP3"));
        byte[] ext = fmtExtensible(1, 1, 8000, 16, 16);
        ext[26] = 9;
        assertTrue(fails(riff(chunk("fmt ", ext), chunk("data", new byte[2]))).contains("not a standard GUID"));
        assertTrue(fails(riff(chunk("fmt ", fmtExtensible(6, 1, 8000, 8, 8)), chunk("data", new byte[2]))).contains("A-law"));
        assertTrue(fails(riff(chunk("fmt ", fmt(3, 1, 8000, 16, 2)), chunk("data", new byte[2])))
                .contains("unsupported IEEE float sample size 16 bits"));
        assertTrue(fails(riff(chunk("fmt ", fmt(1, 1, 8000, 64, 8)), chunk("data", new byte[8])))
                .contains("unsupported PCM sample size 64 bits"));
    }

    @Test
    void inconsistentFormatChunks() throws Exception {
        assertTrue(fails(riff(chunk("fmt ", Arrays.copyOf(fmt(1, 1, 8000, 16, 2), 14)), chunk("data", new byte[2])))
                .contains("'fmt ' chunk too short (14 bytes"));
        assertTrue(fails(riff(chunk("fmt ", fmt(1, 0, 8000, 16, 2)), chunk("data", new byte[2]))).contains("0 channels"));
        assertTrue(fails(riff(chunk("fmt ", fmt(1, 1, 0, 16, 2)), chunk("data", new byte[2]))).contains("sample rate of 0"));
        assertTrue(fails(riff(chunk("fmt ", fmt(1, 2, 8000, 16, 3)), chunk("data", new byte[6])))
                .contains("block align 3 is not a multiple of the channel count 2"));
        assertTrue(fails(riff(chunk("fmt ", fmt(1, 1, 8000, 24, 2)), chunk("data", new byte[2])))
                .contains("24 bits per sample do not fit the 16-bit sample container"));
        assertTrue(fails(riff(chunk("fmt ", Arrays.copyOf(fmtExtensible(1, 1, 8000, 16, 16), 24)), chunk("data", new byte[2])))
                .contains("WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk too short"));
        assertTrue(fails(riff(chunk("fmt ", fmt(1, 1, 8000, 16, 2)), chunk("fmt ", fmt(1, 1, 8000, 16, 2))))
                .contains("more than one 'fmt ' chunk"));
    }

    @Test
    void missingFileIsAnIoException() {
        assertThrows(NoSuchFileException.class, () -> WavReader.read(dir.resolve("nope.wav")));
    }
}
