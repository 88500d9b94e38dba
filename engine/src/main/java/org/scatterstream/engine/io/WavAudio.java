package org.scatterstream.engine.io;

/**
 * Audio decoded from a WAV file: {@code data} holds {@code channels} rows of {@code frames} samples
 * each (row-major shape {@code (channels, frames)}, channel {@code c} at {@code c * frames}), scaled
 * to [-1, 1) for integer PCM (floating-point files keep their values).
 *
 * @param sampleRate    frames per second, as declared by the file
 * @param channels      number of channels (>= 1)
 * @param frames        samples per channel
 * @param bitsPerSample significant bits per sample (the container may be wider)
 * @param encoding      a short description, e.g. {@code PCM 16-bit} or {@code IEEE float 32-bit}
 * @param data          the samples, shape (channels, frames)
 */
public record WavAudio(int sampleRate, int channels, int frames, int bitsPerSample, String encoding, double[] data) {

    /** The shape {@code {channels, frames}} of {@link #data()}. */
    public int[] shape() {
        return new int[] {channels, frames};
    }

    /** Duration in seconds. */
    public double seconds() {
        return sampleRate == 0 ? 0 : (double) frames / sampleRate;
    }

    @Override
    public String toString() {
        return "WavAudio[" + channels + " ch, " + frames + " frames, " + sampleRate + " Hz, " + encoding + "]";
    }
}
