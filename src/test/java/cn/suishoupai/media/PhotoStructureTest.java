package cn.suishoupai.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.suishoupai.media.PhotoInspector.Dimensions;
import cn.suishoupai.media.PhotoRejected.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The structural pre-check: table-driven, no Quarkus, no decoder. */
class PhotoStructureTest {

    private static final long MAX_PIXELS = PhotoLimits.DEFAULT_MAX_PIXELS;

    private static byte[] jpeg() {
        return TestPhotos.jpeg(TestPhotos.photoLike(320, 240, 3), 0.85f);
    }

    private static byte[] png() {
        return TestPhotos.png(TestPhotos.photoLike(200, 150, 4));
    }

    // ------------------------------------------------------------------ accepted

    static Stream<Arguments> wellFormed() {
        return Stream.of(
                Arguments.of("JPEG", (Supplier<byte[]>) PhotoStructureTest::jpeg, PhotoFormat.JPEG, 320, 240),
                Arguments.of(
                        "JPEG with EXIF",
                        (Supplier<byte[]>) () -> TestPhotos.jpegWithExif(
                                640, 480, TestPhotos.ExifSpec.empty().gps(31.2, 121.4)),
                        PhotoFormat.JPEG,
                        640,
                        480),
                Arguments.of(
                        "JPEG with bytes after EOI",
                        (Supplier<byte[]>) () -> concat(jpeg(), new byte[100]),
                        PhotoFormat.JPEG,
                        320,
                        240),
                Arguments.of("PNG", (Supplier<byte[]>) PhotoStructureTest::png, PhotoFormat.PNG, 200, 150),
                Arguments.of(
                        "PNG of one colour (deflates ~1000:1)",
                        (Supplier<byte[]>) () -> TestPhotos.png(TestPhotos.markedTopLeft(2000, 1500)),
                        PhotoFormat.PNG,
                        2000,
                        1500),
                Arguments.of(
                        "WebP VP8X + VP8 (cwebp)", (Supplier<byte[]>) TestPhotos::validWebp, PhotoFormat.WEBP, 64, 48),
                Arguments.of(
                        "WebP VP8L, 41 bytes claiming 1024x1024: lossless may be tiny, the decoder is guarded",
                        (Supplier<byte[]>) () -> CraftedPhotos.webpVp8l(1024, 1024, 41),
                        PhotoFormat.WEBP,
                        1024,
                        1024),
                Arguments.of(
                        "WebP VP8, partition big enough",
                        (Supplier<byte[]>) () -> CraftedPhotos.webpVp8(64, 48, 2, 41),
                        PhotoFormat.WEBP,
                        64,
                        48));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void accepts(String name, Supplier<byte[]> data, PhotoFormat format, int width, int height) throws Exception {
        assertEquals(
                new Dimensions(width, height),
                PhotoStructure.check(ByteBuffer.wrap(data.get()), format, MAX_PIXELS),
                name);
    }

    // ------------------------------------------------------------------ refused

    static Stream<Arguments> broken() {
        return Stream.of(
                // JPEG
                row(
                        "JPEG cut in half",
                        () -> TestPhotos.truncated(jpeg(), 0.5),
                        PhotoFormat.JPEG,
                        Reason.UNDECODABLE,
                        "without an EOI"),
                row(
                        "JPEG cut at 99%",
                        () -> TestPhotos.truncated(jpeg(), 0.99), PhotoFormat.JPEG, Reason.UNDECODABLE, "truncated"),
                row(
                        "JPEG without EOI",
                        () -> CraftedPhotos.jpegWithoutEoi(jpeg()),
                        PhotoFormat.JPEG,
                        Reason.UNDECODABLE,
                        "EOI"),
                row(
                        "JPEG segment beyond the end",
                        CraftedPhotos::jpegSegmentBeyondEnd,
                        PhotoFormat.JPEG,
                        Reason.UNDECODABLE,
                        "claims 60000 bytes"),
                row(
                        "JPEG only SOI",
                        () -> new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF},
                        PhotoFormat.JPEG,
                        Reason.UNDECODABLE,
                        ""),
                row(
                        "JPEG SOI then EOI",
                        () -> new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9},
                        PhotoFormat.JPEG,
                        Reason.UNDECODABLE,
                        "no frame header"),
                row(
                        "JPEG frame claiming 6000x6000",
                        () -> CraftedPhotos.jpegClaiming(jpeg(), 6000, 6000),
                        PhotoFormat.JPEG,
                        Reason.UNDECODABLE,
                        "cannot hold 6000x6000"),
                row(
                        "JPEG frame claiming 0 height (DNL)",
                        () -> CraftedPhotos.jpegClaiming(jpeg(), 320, 0),
                        PhotoFormat.JPEG,
                        Reason.UNDECODABLE,
                        "DNL"),
                row(
                        "JPEG frame claiming 60000x60000",
                        () -> CraftedPhotos.jpegClaiming(jpeg(), 60000, 60000),
                        PhotoFormat.JPEG,
                        Reason.TOO_MANY_PIXELS,
                        "60000x60000"),
                // PNG
                row(
                        "PNG cut in half",
                        () -> TestPhotos.truncated(png(), 0.5),
                        PhotoFormat.PNG,
                        Reason.UNDECODABLE,
                        "truncated"),
                row(
                        "PNG IDAT length beyond the end",
                        () -> CraftedPhotos.pngWithChunkLength(png(), "IDAT", 50_000_000),
                        PhotoFormat.PNG,
                        Reason.UNDECODABLE,
                        "IDAT claims 50000000 bytes"),
                row(
                        "PNG IDAT length negative",
                        () -> CraftedPhotos.pngWithChunkLength(png(), "IDAT", -1),
                        PhotoFormat.PNG,
                        Reason.UNDECODABLE,
                        "length 4294967295"),
                row(
                        "PNG without IEND",
                        () -> CraftedPhotos.pngWithoutIend(png()),
                        PhotoFormat.PNG,
                        Reason.UNDECODABLE,
                        "IEND"),
                row(
                        "PNG IDAT with a bad CRC",
                        () -> CraftedPhotos.pngWithBadIdatCrc(png()),
                        PhotoFormat.PNG,
                        Reason.UNDECODABLE,
                        "CRC"),
                row(
                        "PNG without IDAT",
                        () -> concat(Arrays.copyOf(png(), 33), CraftedPhotos.pngChunk("IEND", new byte[0])),
                        PhotoFormat.PNG,
                        Reason.UNDECODABLE,
                        "no image data"),
                row(
                        "PNG header 6000x6000, one row of data",
                        () -> TestPhotos.pngHeaderClaiming(6000, 6000),
                        PhotoFormat.PNG,
                        Reason.UNDECODABLE,
                        "cannot hold 6000x6000"),
                row(
                        "PNG header 50000x50000: a bomb first",
                        () -> TestPhotos.pngHeaderClaiming(50_000, 50_000),
                        PhotoFormat.PNG,
                        Reason.TOO_MANY_PIXELS,
                        "50000x50000"),
                // WebP lossy
                row(
                        "WebP VP8, 41 bytes claiming 1024x1024",
                        () -> CraftedPhotos.webpVp8(1024, 1024, 11, 41),
                        PhotoFormat.WEBP,
                        Reason.UNDECODABLE,
                        "4096 macroblocks"),
                row(
                        "WebP VP8, 41 bytes claiming 6000x6000",
                        () -> CraftedPhotos.webpVp8(6000, 6000, 11, 41),
                        PhotoFormat.WEBP,
                        Reason.UNDECODABLE,
                        "cannot describe 6000x6000"),
                row(
                        "WebP VP8, first partition beyond the chunk",
                        () -> CraftedPhotos.webpVp8(64, 48, 5000, 64),
                        PhotoFormat.WEBP,
                        Reason.UNDECODABLE,
                        "first partition claims 5000 bytes"),
                row(
                        "WebP VP8, no token data",
                        () -> CraftedPhotos.webpVp8(64, 48, 11, 41),
                        PhotoFormat.WEBP,
                        Reason.UNDECODABLE,
                        "no coefficient data"),
                row(
                        "WebP VP8, RIFF size beyond the file",
                        () -> TestPhotos.truncated(TestPhotos.validWebp(), 0.6),
                        PhotoFormat.WEBP,
                        Reason.UNDECODABLE,
                        "RIFF header claims"),
                row(
                        "WebP VP8, chunk beyond the RIFF",
                        () -> CraftedPhotos.withRiffSize(CraftedPhotos.webpVp8(64, 48, 2, 41), 20),
                        PhotoFormat.WEBP,
                        Reason.UNDECODABLE,
                        "'VP8 ' claims 21 bytes"),
                row("WebP magic, garbage body", TestPhotos::webpMagicGarbage, PhotoFormat.WEBP, Reason.UNDECODABLE, ""),
                row(
                        "WebP, 12 bytes",
                        () -> Arrays.copyOf(TestPhotos.validWebp(), 12),
                        PhotoFormat.WEBP,
                        Reason.UNDECODABLE,
                        "shorter than its headers"),
                // WebP lossless
                row(
                        "WebP VP8L, 41 bytes claiming 16384x16384: a bomb first",
                        () -> CraftedPhotos.webpVp8l(16384, 16384, 41),
                        PhotoFormat.WEBP,
                        Reason.TOO_MANY_PIXELS,
                        "16384x16384"),
                row(
                        "WebP VP8L, cut inside its header",
                        () -> Arrays.copyOf(CraftedPhotos.webpVp8l(64, 48, 41), 22),
                        PhotoFormat.WEBP,
                        Reason.UNDECODABLE,
                        ""),
                // WebP extended
                row(
                        "WebP VP8X around a 41-byte VP8 claiming 1024x1024",
                        () -> CraftedPhotos.webpExtended(1024, 1024, CraftedPhotos.webpVp8(1024, 1024, 11, 42)),
                        PhotoFormat.WEBP,
                        Reason.UNDECODABLE,
                        "4096 macroblocks"),
                row(
                        "WebP VP8X canvas larger than its image",
                        () -> CraftedPhotos.webpExtended(6000, 6000, CraftedPhotos.webpVp8l(64, 48, 42)),
                        PhotoFormat.WEBP,
                        Reason.UNDECODABLE,
                        "canvas is 6000x6000"),
                row(
                        "WebP VP8X without an image",
                        () -> Arrays.copyOf(
                                CraftedPhotos.withRiffSize(
                                        CraftedPhotos.webpExtended(64, 48, CraftedPhotos.webpVp8l(64, 48, 42)), 22),
                                30),
                        PhotoFormat.WEBP,
                        Reason.UNDECODABLE,
                        "no image data"),
                row(
                        "WebP VP8X, RIFF size beyond the file",
                        () -> CraftedPhotos.withRiffSize(
                                CraftedPhotos.webpExtended(64, 48, TestPhotos.validWebp()), 100_000),
                        PhotoFormat.WEBP,
                        Reason.UNDECODABLE,
                        "RIFF header claims 100008 bytes"),
                // HEIC
                row("HEIC", () -> TestPhotos.heicMagic("heic"), PhotoFormat.HEIC, Reason.UNSUPPORTED_TYPE, "HEIC"));
    }

    private static Arguments row(String name, Supplier<byte[]> data, PhotoFormat format, Reason reason, String detail) {
        return Arguments.of(name, data, format, reason, detail);
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("broken")
    void refuses(String name, Supplier<byte[]> data, PhotoFormat format, Reason reason, String detailPart) {
        PhotoRejected e = assertThrows(
                PhotoRejected.class, () -> PhotoStructure.check(ByteBuffer.wrap(data.get()), format, MAX_PIXELS), name);
        assertEquals(reason, e.reason(), name + ": " + e.detail());
        assertTrue(e.detail().contains(detailPart), name + ": detail was '" + e.detail() + "'");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
