package org.scatterstream.job.demo;

/** Progress lines on stderr (stdout carries only the final JSON line). */
final class Progress {
    private Progress() {
    }

    static void say(String line) {
        System.err.println("scatter-stream: " + line);
    }
}
