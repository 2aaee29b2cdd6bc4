package dev.gatewise.hls.rendition;

import dev.gatewise.hls.codec.Sps;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One transcoded rendition ("rung" of the bit-rate ladder), parsed from {@code NAME:WIDTHxHEIGHT:BITRATE}, e.g.
 * {@code 360p:640x360:800k}. The name is its directory under the stream's. The size is a box the picture is fitted
 * into with its own aspect ratio, turned upright for portrait sources (phones), see {@link #fit}.
 *
 * @param bitsPerSecond the video bit rate the encoder aims at
 */
public record RungSpec(String name, int width, int height, long bitsPerSecond) {

    /** Where the source rendition goes when there are rungs; no rung may take it. */
    public static final String SOURCE_NAME = "src";

    private static final Pattern FORMAT =
        Pattern.compile("([a-z0-9][a-z0-9_-]{0,31}):(\\d{2,5})x(\\d{2,5}):(\\d+)([kKmM]?)");

    /**
     * The picture size of this rung for a source: the source scaled to fit the rung's box (the box turned upright if
     * the source is portrait), keeping its aspect ratio, with even sides as YUV 4:2:0 needs; empty when that would
     * not be smaller than the source.
     */
    public Optional<Sps.Size> fit(Sps.Size source) {
        boolean portraitSource = source.height() > source.width();
        boolean portraitBox = height > width;
        int boxWidth = portraitSource == portraitBox ? width : height;
        int boxHeight = portraitSource == portraitBox ? height : width;
        double scale = Math.min((double) boxWidth / source.width(), (double) boxHeight / source.height());
        if (scale >= 1) {
            return Optional.empty();
        }
        return Optional.of(new Sps.Size(even(source.width() * scale), even(source.height() * scale)));
    }

    private static int even(double side) {
        return Math.max(2, (int) Math.round(side / 2) * 2);
    }

    public static RungSpec parse(String text) {
        Matcher m = FORMAT.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("rendition '" + text + "' is not NAME:WIDTHxHEIGHT:BITRATE, e.g. "
                + "360p:640x360:800k");
        }
        int width = Integer.parseInt(m.group(2));
        int height = Integer.parseInt(m.group(3));
        if (m.group(1).equals(SOURCE_NAME) || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("rendition '" + text + "': the name 'src' is reserved and the size "
                + "must be even");
        }
        long multiplier = switch (m.group(5).toLowerCase(java.util.Locale.ROOT)) {
            case "k" -> 1000;
            case "m" -> 1_000_000;
            default -> 1;
        };
        return new RungSpec(m.group(1), width, height, Long.parseLong(m.group(4)) * multiplier);
    }
}
