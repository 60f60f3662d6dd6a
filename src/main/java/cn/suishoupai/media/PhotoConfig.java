package cn.suishoupai.media;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.OptionalInt;

/** Limits and checks for uploaded photos (DOMAIN §8). */
@ConfigMapping(prefix = "suishoupai.photos")
public interface PhotoConfig {

    /** Per file. */
    @WithDefault("10485760")
    long maxBytes();

    /** Width × height from the header: the decompression-bomb guard. */
    @WithDefault("40000000")
    long maxPixels();

    @WithDefault("9")
    int maxPerReport();

    @WithDefault("2048")
    int displayLongEdge();

    @WithDefault("320")
    int thumbLongEdge();

    /**
     * Reading a photo's header and decoding its pixels may take this much CPU time of the decoding thread (and at most
     * six times as long on the clock); then the decode is stopped and the photo refused (422 photo-decode-timeout). An
     * honest 40-megapixel photo takes well under a second; CPU time, so a decode waiting for a core is not stopped.
     */
    @WithDefault("5s")
    Duration decodeTimeout();

    /** Decoding is CPU-bound; default one thread per core. More threads only add memory. */
    OptionalInt processingThreads();

    /** EXIF GPS further than this from the claimed point is flagged. */
    @WithDefault("500")
    double farFromClaimedMeters();

    /** A capture time older than this is flagged. */
    @WithDefault("P7D")
    Duration maxAge();

    /** Objects of a failed or crashed upload are deleted once their journal entry is this old. */
    @WithDefault("PT1H")
    Duration orphanGrace();

    default PhotoLimits limits() {
        return new PhotoLimits(
                maxBytes(),
                maxPixels(),
                displayLongEdge(),
                thumbLongEdge(),
                PhotoLimits.DEFAULT_JPEG_QUALITY,
                decodeTimeout());
    }
}
