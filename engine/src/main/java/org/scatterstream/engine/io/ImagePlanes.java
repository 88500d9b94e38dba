package org.scatterstream.engine.io;

/**
 * A decoded image as planes of doubles in [0, 1]: {@code data} has row-major shape
 * {@code (channels, height, width)}; one channel for grayscale (or luma), three for RGB.
 *
 * @param channels number of planes
 * @param height   rows
 * @param width    columns
 * @param data     the values, shape (channels, height, width)
 */
public record ImagePlanes(int channels, int height, int width, double[] data) {

    /** The shape {@code {channels, height, width}}. */
    public int[] shape() {
        return new int[] {channels, height, width};
    }

    @Override
    public String toString() {
        return "ImagePlanes[" + channels + " x " + height + " x " + width + "]";
    }
}
