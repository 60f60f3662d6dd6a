package cn.suishoupai.media;

import java.time.Duration;

/**
 * Limits for one uploaded photo.
 *
 * @param maxBytes         size of the original file; larger uploads are refused before any parsing
 * @param maxPixels        width × height from the header; the decompression-bomb guard, checked before decoding
 * @param displayLongEdge  long edge of the display JPEG (never upscaled)
 * @param thumbLongEdge    long edge of the thumbnail JPEG (never upscaled)
 * @param jpegQuality      0..1 quality for both re-encoded JPEGs
 * @param decodeTimeout    how long reading the header and decoding the pixels may take; then the decode is stopped
 *                         and the photo refused
 */
public record PhotoLimits(
        long maxBytes,
        long maxPixels,
        int displayLongEdge,
        int thumbLongEdge,
        float jpegQuality,
        Duration decodeTimeout) {

    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
    public static final int DEFAULT_DISPLAY_LONG_EDGE = 2048;
    public static final int DEFAULT_THUMB_LONG_EDGE = 320;
    public static final float DEFAULT_JPEG_QUALITY = 0.85f;
    public static final Duration DEFAULT_DECODE_TIMEOUT = Duration.ofSeconds(5);

    public static final PhotoLimits DEFAULTS = new PhotoLimits(
            DEFAULT_MAX_BYTES,
            DEFAULT_MAX_PIXELS,
            DEFAULT_DISPLAY_LONG_EDGE,
            DEFAULT_THUMB_LONG_EDGE,
            DEFAULT_JPEG_QUALITY,
            DEFAULT_DECODE_TIMEOUT);

    /** With the default decode deadline. */
    public PhotoLimits(long maxBytes, long maxPixels, int displayLongEdge, int thumbLongEdge, float jpegQuality) {
        this(maxBytes, maxPixels, displayLongEdge, thumbLongEdge, jpegQuality, DEFAULT_DECODE_TIMEOUT);
    }

    public PhotoLimits {
        if (maxBytes <= 0) throw new IllegalArgumentException("maxBytes must be > 0");
        if (maxPixels <= 0) throw new IllegalArgumentException("maxPixels must be > 0");
        if (displayLongEdge <= 0 || thumbLongEdge <= 0) throw new IllegalArgumentException("edges must be > 0");
        if (thumbLongEdge > displayLongEdge)
            throw new IllegalArgumentException("thumbLongEdge must be <= displayLongEdge");
        if (!(jpegQuality > 0f && jpegQuality <= 1f))
            throw new IllegalArgumentException("jpegQuality must be in (0, 1]");
        if (decodeTimeout == null || decodeTimeout.isNegative() || decodeTimeout.isZero()) {
            throw new IllegalArgumentException("decodeTimeout must be > 0");
        }
    }

    public static PhotoLimits defaults() {
        return DEFAULTS;
    }
}
