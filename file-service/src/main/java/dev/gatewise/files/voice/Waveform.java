package dev.gatewise.files.voice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The peaks of a clip of unknown length, drawn as it is decoded: the loudest sample of every 10 ms slice is kept
 * (a few kilobytes for the longest allowed clip), and at the end they are merged into a fixed number of bars.
 */
final class Waveform {
    private final int samplesPerSlice;
    private float[] slices = new float[1024];
    private int count;
    private float current;
    private int inCurrent;

    Waveform(int sampleRate) {
        this.samplesPerSlice = Math.max(1, sampleRate / 100);
    }

    /** Adds decoded mono samples (-1..1). */
    void add(float[] samples, int length) {
        for (int i = 0; i < length; i++) {
            current = Math.max(current, Math.abs(samples[i]));
            if (++inCurrent == samplesPerSlice) {
                flush();
            }
        }
    }

    /** {@code bars} peaks, 0..100, scaled so the loudest bar is 100 (a quiet recording still shows its shape). */
    List<Integer> peaks(int bars) {
        if (inCurrent > 0) {
            flush();
        }
        float[] merged = new float[bars];
        for (int i = 0; i < count; i++) {
            int bar = (int) ((long) i * bars / count);
            merged[bar] = Math.max(merged[bar], slices[i]);
        }
        if (count > 0 && count < bars) {
            // Fewer slices than bars: stretch, so a very short clip still fills the width.
            for (int bar = 0; bar < bars; bar++) {
                merged[bar] = slices[(int) ((long) bar * count / bars)];
            }
        }
        float loudest = 0;
        for (float peak : merged) {
            loudest = Math.max(loudest, peak);
        }
        List<Integer> peaks = new ArrayList<>(bars);
        for (float peak : merged) {
            peaks.add(loudest == 0 ? 0 : Math.round(Math.min(1f, peak / loudest) * 100));
        }
        return peaks;
    }

    private void flush() {
        if (count == slices.length) {
            slices = Arrays.copyOf(slices, count * 2);
        }
        slices[count++] = current;
        current = 0;
        inCurrent = 0;
    }
}
