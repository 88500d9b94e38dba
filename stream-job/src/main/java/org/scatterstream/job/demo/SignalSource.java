package org.scatterstream.job.demo;

import org.scatterstream.engine.io.WavAudio;

import java.util.SplittableRandom;

/** Produces a stream's samples chunk after chunk, continuing where the last chunk ended. */
public interface SignalSource {

    /** Fills {@code out} with the next {@code out.length} samples. */
    void next(float[] out);

    /** A label for the stream's {@code channel} field. */
    String label();

    /**
     * A synthetic source: {@code kind % 3} picks a tone, a chirp (100 Hz to 6 kHz and back, every 4 s)
     * or noise bursts (200 ms in every second), each with a little background noise.
     */
    static SignalSource synthetic(int kind, double rateHz, long seed) {
        switch (Math.floorMod(kind, 3)) {
            case 0: return new Tone(220.0 * (1 + Math.floorMod(seed, 7)), rateHz, seed);
            case 1: return new Chirp(rateHz, seed);
            default: return new Bursts(rateHz, seed);
        }
    }

    /** Channel {@code channel} of a WAV file, looped. */
    static SignalSource wav(WavAudio audio, int channel) {
        return new SignalSource() {
            private int pos;

            @Override
            public void next(float[] out) {
                int base = channel * audio.frames();
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) audio.data()[base + pos];
                    if (++pos == audio.frames()) pos = 0;
                }
            }

            @Override
            public String label() {
                return "wav-channel-" + channel;
            }
        };
    }

    /** A sine by complex rotation (no trigonometry per sample), renormalised each chunk. */
    final class Tone implements SignalSource {
        private final double cos;
        private final double sin;
        private final SplittableRandom rnd;
        private double re = 1;
        private double im;

        Tone(double freqHz, double rateHz, long seed) {
            double w = 2 * Math.PI * freqHz / rateHz;
            this.cos = Math.cos(w);
            this.sin = Math.sin(w);
            this.rnd = new SplittableRandom(seed);
        }

        @Override
        public void next(float[] out) {
            for (int i = 0; i < out.length; i++) {
                double r = re * cos - im * sin;
                im = re * sin + im * cos;
                re = r;
                out[i] = (float) (0.5 * im + 0.01 * (rnd.nextDouble() - 0.5));
            }
            double norm = Math.hypot(re, im);
            re /= norm;
            im /= norm;
        }

        @Override
        public String label() {
            return "tone";
        }
    }

    /** A linear chirp sweeping up and down between 100 Hz and 6 kHz in 4 s. */
    final class Chirp implements SignalSource {
        private final double rate;
        private final SplittableRandom rnd;
        private long n;
        private double phase;

        Chirp(double rateHz, long seed) {
            this.rate = rateHz;
            this.rnd = new SplittableRandom(seed);
        }

        @Override
        public void next(float[] out) {
            long period = (long) (4 * rate);
            double fmax = Math.min(6000, rate * 0.45);
            for (int i = 0; i < out.length; i++, n++) {
                double u = (double) (n % period) / period;
                double f = 100 + (fmax - 100) * (u < 0.5 ? 2 * u : 2 - 2 * u);
                phase += 2 * Math.PI * f / rate;
                if (phase > 2 * Math.PI) phase -= 2 * Math.PI;
                out[i] = (float) (0.4 * Math.sin(phase) + 0.01 * (rnd.nextDouble() - 0.5));
            }
        }

        @Override
        public String label() {
            return "chirp";
        }
    }

    /** Gaussian noise bursts of 200 ms every second over faint noise. */
    final class Bursts implements SignalSource {
        private final double rate;
        private final SplittableRandom rnd;
        private long n;

        Bursts(double rateHz, long seed) {
            this.rate = rateHz;
            this.rnd = new SplittableRandom(seed);
        }

        @Override
        public void next(float[] out) {
            long second = (long) rate;
            long burst = (long) (0.2 * rate);
            for (int i = 0; i < out.length; i++, n++) {
                double amplitude = n % second < burst ? 0.5 : 0.01;
                // sum of uniforms: cheap, roughly Gaussian
                double g = rnd.nextDouble() + rnd.nextDouble() + rnd.nextDouble() - 1.5;
                out[i] = (float) (amplitude * g);
            }
        }

        @Override
        public String label() {
            return "noise-bursts";
        }
    }
}
