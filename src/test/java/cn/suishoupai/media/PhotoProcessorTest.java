package cn.suishoupai.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.suishoupai.media.PhotoRejected.Reason;
import cn.suishoupai.media.TestPhotos.ExifSpec;
import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.GpsDirectory;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PhotoProcessorTest {

    private static final PhotoProcessor PROCESSOR = new PhotoProcessor();
    private static final PhotoLimits DEFAULTS = PhotoLimits.defaults();

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ rejections

    static Stream<Arguments> rejections() {
        Supplier<byte[]> goodJpeg = () -> TestPhotos.jpeg(TestPhotos.photoLike(1200, 900, 5), 0.9f);
        PhotoLimits smallPixels = new PhotoLimits(PhotoLimits.DEFAULT_MAX_BYTES, 1_000_000, 2048, 320, 0.85f);
        PhotoLimits tinyBytes = new PhotoLimits(1024, PhotoLimits.DEFAULT_MAX_PIXELS, 2048, 320, 0.85f);
        return Stream.of(
                row("over 10 MiB", () -> oversized(), DEFAULTS, Reason.TOO_LARGE, "limit is 10485760"),
                row("over a custom byte limit", goodJpeg, tinyBytes, Reason.TOO_LARGE, "limit is 1024"),
                row(
                        "plain text named .jpg",
                        TestPhotos::textPretendingToBeJpeg,
                        DEFAULTS,
                        Reason.UNSUPPORTED_TYPE,
                        "not a JPEG"),
                row("empty file", () -> new byte[0], DEFAULTS, Reason.UNSUPPORTED_TYPE, "empty"),
                row(
                        "GIF",
                        () -> "GIF89a\1\0\1\0\0\0\0;".getBytes(StandardCharsets.ISO_8859_1),
                        DEFAULTS,
                        Reason.UNSUPPORTED_TYPE,
                        "not a JPEG"),
                row(
                        "HEIC",
                        () -> TestPhotos.heicMagic("heic"),
                        DEFAULTS,
                        Reason.UNSUPPORTED_TYPE,
                        "HEIC cannot be decoded on this server"),
                row(
                        "HEIF mif1",
                        () -> TestPhotos.heicMagic("mif1"),
                        DEFAULTS,
                        Reason.UNSUPPORTED_TYPE,
                        "HEIC cannot be decoded on this server"),
                row(
                        "PNG bomb 50000x50000",
                        () -> TestPhotos.pngHeaderClaiming(50_000, 50_000),
                        DEFAULTS,
                        Reason.TOO_MANY_PIXELS,
                        "50000x50000"),
                row("JPEG over a custom pixel limit", goodJpeg, smallPixels, Reason.TOO_MANY_PIXELS, "1200x900"),
                row(
                        "JPEG truncated at 60%",
                        () -> TestPhotos.truncated(goodJpeg.get(), 0.6), DEFAULTS, Reason.UNDECODABLE, "truncated"),
                row(
                        "JPEG truncated at 95%",
                        () -> TestPhotos.truncated(goodJpeg.get(), 0.95), DEFAULTS, Reason.UNDECODABLE, ""),
                row(
                        "JPEG truncated inside the header",
                        () -> TestPhotos.truncated(goodJpeg.get(), 0.002),
                        DEFAULTS,
                        Reason.UNDECODABLE,
                        ""),
                row(
                        "JPEG magic then garbage",
                        () -> concat(
                                new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF},
                                TestPhotos.textPretendingToBeJpeg()),
                        DEFAULTS,
                        Reason.UNDECODABLE,
                        ""),
                row(
                        "PNG truncated",
                        () -> TestPhotos.truncated(TestPhotos.png(TestPhotos.photoLike(300, 200, 1)), 0.5),
                        DEFAULTS,
                        Reason.UNDECODABLE,
                        ""),
                row("WebP magic, garbage body", TestPhotos::webpMagicGarbage, DEFAULTS, Reason.UNDECODABLE, ""),
                row(
                        "WebP truncated",
                        () -> TestPhotos.truncated(TestPhotos.validWebp(), 0.3),
                        DEFAULTS,
                        Reason.UNDECODABLE,
                        ""),
                // issue 12: the bitstream ends long before the picture does
                row(
                        "WebP VP8 41 bytes claiming 1024x1024",
                        () -> CraftedPhotos.webpVp8(1024, 1024, 11, 41),
                        DEFAULTS,
                        Reason.UNDECODABLE,
                        "macroblocks"),
                row(
                        "WebP VP8L 41 bytes claiming 1024x1024",
                        () -> CraftedPhotos.webpVp8l(1024, 1024, 41),
                        DEFAULTS,
                        Reason.UNDECODABLE,
                        "end before the image does"),
                row(
                        "WebP VP8L 41 bytes claiming 6000x6000",
                        () -> CraftedPhotos.webpVp8l(6000, 6000, 41),
                        DEFAULTS,
                        Reason.UNDECODABLE,
                        "end before the image does"),
                row(
                        "PNG without IEND",
                        () -> CraftedPhotos.pngWithoutIend(TestPhotos.png(TestPhotos.photoLike(300, 200, 1))),
                        DEFAULTS,
                        Reason.UNDECODABLE,
                        "IEND"));
    }

    private static Arguments row(String name, Supplier<byte[]> data, PhotoLimits limits, Reason reason, String detail) {
        return Arguments.of(name, data, limits, reason, detail);
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("rejections")
    void rejects(String name, Supplier<byte[]> data, PhotoLimits limits, Reason reason, String detailPart) {
        Path file = TestPhotos.write(dir, "upload.jpg", data.get());
        PhotoRejected e = assertThrows(PhotoRejected.class, () -> PROCESSOR.process(file, limits), name);
        assertEquals(reason, e.reason(), name + ": " + e.detail());
        assertTrue(e.detail().contains(detailPart), name + ": detail was '" + e.detail() + "'");
    }

    @Test
    void aDecodePastItsDeadlineIsStoppedAndRefused() {
        Path file = TestPhotos.write(dir, "big.jpg", TestPhotos.jpeg(TestPhotos.photoLike(4000, 3000, 9), 0.9f));
        PhotoLimits quick = new PhotoLimits(
                PhotoLimits.DEFAULT_MAX_BYTES, PhotoLimits.DEFAULT_MAX_PIXELS, 2048, 320, 0.85f, Duration.ofMillis(20));
        long started = System.nanoTime();
        PhotoRejected e = assertThrows(PhotoRejected.class, () -> PROCESSOR.process(file, quick));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals(Reason.DECODE_TIMEOUT, e.reason(), e.detail());
        assertTrue(e.detail().contains("stopped after PT0.02S"), e.detail());
        // the same file within the default deadline is fine, and much slower than the stopped decode
        long full = System.nanoTime();
        assertDoesNotThrow(() -> PROCESSOR.process(file, DEFAULTS));
        long fullMs = (System.nanoTime() - full) / 1_000_000;
        assertTrue(tookMs < fullMs + 1_000, "stopped after " + tookMs + " ms; a full decode took " + fullMs + " ms");
    }

    @Test
    void heicReaderIsNotAvailableHere() {
        assertFalse(PhotoInspector.heicDecodable(), "a HEIC reader appeared; update the HEIC test rows and the report");
    }

    // ------------------------------------------------------------------ orientation

    /** Stored 400x200 landscape with a red top-left block; where must the red block be when shown upright? */
    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({
        // orientation, display w, display h, red block corner
        "1, 400, 200, TOP_LEFT",
        "2, 400, 200, TOP_RIGHT",
        "3, 400, 200, BOTTOM_RIGHT",
        "4, 400, 200, BOTTOM_LEFT",
        "5, 200, 400, TOP_LEFT",
        "6, 200, 400, TOP_RIGHT",
        "7, 200, 400, BOTTOM_RIGHT",
        "8, 200, 400, BOTTOM_LEFT"
    })
    void appliesExifOrientation(int orientation, int w, int h, String corner) throws Exception {
        byte[] jpeg = TestPhotos.withExif(
                TestPhotos.jpeg(TestPhotos.markedTopLeft(400, 200), 0.95f),
                ExifSpec.empty().orientation(orientation));
        Processed p = PROCESSOR.process(TestPhotos.write(dir, "o.jpg", jpeg), DEFAULTS);

        assertEquals(w, p.width());
        assertEquals(h, p.height());
        assertEquals(w, p.displayWidth());
        assertEquals(h, p.displayHeight());
        BufferedImage display = ImageIO.read(new ByteArrayInputStream(p.display()));
        assertEquals(w, display.getWidth());
        assertEquals(h, display.getHeight());
        int dx = w / 16, dy = h / 16; // well inside the (w/4 x h/4) red block
        int x = corner.endsWith("LEFT") ? dx : w - 1 - dx;
        int y = corner.startsWith("TOP") ? dy : h - 1 - dy;
        assertRed(display.getRGB(x, y), corner);
        assertBlue(display.getRGB(w - 1 - x, h - 1 - y), "opposite of " + corner);
    }

    @Test
    void orientation6TurnsLandscapeStoredPhotoIntoPortrait() throws Exception {
        byte[] jpeg = TestPhotos.jpegWithExif(4000, 3000, ExifSpec.empty().orientation(6));
        Processed p = PROCESSOR.process(TestPhotos.write(dir, "six.jpg", jpeg), DEFAULTS);
        assertEquals(3000, p.width());
        assertEquals(4000, p.height());
        assertEquals(1500, p.displayWidth()); // decoded with subsampling 2
        assertEquals(2000, p.displayHeight());
        BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(p.thumbnail()));
        assertTrue(thumb.getHeight() > thumb.getWidth(), "thumbnail must be portrait too");
    }

    // ------------------------------------------------------------------ sizes

    @ParameterizedTest(name = "{0}x{1} -> display {2}x{3}, thumb {4}x{5}")
    @CsvSource({
        "3000, 2000, 2048, 1365, 320, 213", // downscaled
        "4000, 3000, 2000, 1500, 320, 240", // subsampling 2: a phone photo, decoded at half size
        "5000, 2500, 1667,  834, 320, 160", // subsampling 3 (the display keeps >= 3/4 of 2048)
        "9000, 3000, 1800,  600, 320, 107", // subsampling 5
        "2048, 1536, 2048, 1536, 320, 240", // exactly the limit
        "1000, 3000,  683, 2048, 107, 320", // portrait
        " 800,  600,  800,  600, 320, 240", // never upscaled
        " 200,  100,  200,  100, 200, 100", // thumbnail not upscaled either
        "  20,   10,   20,   10,  20,  10"
    })
    void displayAndThumbnailSizes(int w, int h, int dw, int dh, int tw, int th) throws Exception {
        byte[] jpeg = TestPhotos.jpeg(TestPhotos.photoLike(w, h, 9), 0.8f);
        Processed p = PROCESSOR.process(TestPhotos.write(dir, "s.jpg", jpeg), DEFAULTS);
        assertEquals(w, p.width());
        assertEquals(h, p.height());
        BufferedImage display = ImageIO.read(new ByteArrayInputStream(p.display()));
        BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(p.thumbnail()));
        assertEquals(dw, display.getWidth(), "display width");
        assertEquals(dh, display.getHeight(), "display height");
        assertEquals(dw, p.displayWidth());
        assertEquals(dh, p.displayHeight());
        assertEquals(tw, thumb.getWidth(), "thumb width");
        assertEquals(th, thumb.getHeight(), "thumb height");
        assertTrue(Math.max(display.getWidth(), display.getHeight()) <= 2048);
        assertTrue(Math.max(thumb.getWidth(), thumb.getHeight()) <= 320);
    }

    // ------------------------------------------------------------------ metadata stripping, hashes, EXIF

    @Test
    void outputsCarryNoExifAndNoGps() throws Exception {
        byte[] jpeg = TestPhotos.jpegWithExif(
                1600,
                1200,
                ExifSpec.empty()
                        .gps(31.2304, 121.4737)
                        .taken("2024:05:01 10:00:00")
                        .orientation(1));
        assertTrue(TestPhotos.hasExifSegment(jpeg), "precondition: the original has EXIF");
        assertTrue(ImageMetadataReader.readMetadata(new ByteArrayInputStream(jpeg))
                .containsDirectoryOfType(GpsDirectory.class));

        Processed p = PROCESSOR.process(TestPhotos.write(dir, "gps.jpg", jpeg), DEFAULTS);
        for (byte[] out : new byte[][] {p.display(), p.thumbnail()}) {
            assertFalse(TestPhotos.hasExifSegment(out), "APP1 Exif segment must be gone");
            assertFalse(TestPhotos.contains(out, "Exif"), "no 'Exif' bytes anywhere");
            assertFalse(TestPhotos.contains(out, "TestPhotos"), "no camera make string");
            Metadata md = ImageMetadataReader.readMetadata(new ByteArrayInputStream(out));
            assertFalse(md.containsDirectoryOfType(GpsDirectory.class), "no GPS directory");
            assertFalse(md.containsDirectoryOfType(ExifIFD0Directory.class), "no EXIF IFD0");
        }
    }

    @Test
    void sha256IsOfTheOriginalBytes() throws Exception {
        byte[] jpeg = TestPhotos.jpegWithExif(640, 480, ExifSpec.empty().taken("2024:05:01 10:00:00"));
        Processed p = PROCESSOR.process(TestPhotos.write(dir, "h.jpg", jpeg), DEFAULTS);
        String expected =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jpeg));
        assertEquals(expected, p.sha256());
        assertEquals(64, p.sha256().length());
        assertEquals(16, p.phash().length());
        assertTrue(p.phash().matches("[0-9a-f]{16}"));
    }

    static Stream<Arguments> exifCases() {
        return Stream.of(
                Arguments.of(
                        "Shanghai, local time read as Asia/Shanghai",
                        ExifSpec.empty().gps(31.2304, 121.4737).taken("2024:05:01 10:00:00"),
                        true,
                        31.2304,
                        121.4737,
                        Instant.parse("2024-05-01T02:00:00Z")),
                Arguments.of(
                        "explicit offset wins over Asia/Shanghai",
                        ExifSpec.empty()
                                .gps(31.2304, 121.4737)
                                .taken("2024:05:01 10:00:00")
                                .offset("+09:00"),
                        true,
                        31.2304,
                        121.4737,
                        Instant.parse("2024-05-01T01:00:00Z")),
                Arguments.of(
                        "UTC offset",
                        ExifSpec.empty().taken("2024:12:31 23:59:59").offset("+00:00"),
                        true,
                        null,
                        null,
                        Instant.parse("2024-12-31T23:59:59Z")),
                Arguments.of(
                        "south and west are negative",
                        ExifSpec.empty().gps(-33.8688, -70.6693),
                        true,
                        -33.8688,
                        -70.6693,
                        null),
                Arguments.of(
                        "orientation only: EXIF present, nothing else",
                        ExifSpec.empty().orientation(1),
                        true,
                        null,
                        null,
                        null),
                Arguments.of("no EXIF at all", null, false, null, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exifCases")
    void readsExifBack(String name, ExifSpec spec, boolean present, Double lat, Double lng, Instant takenAt)
            throws Exception {
        byte[] jpeg = TestPhotos.jpeg(TestPhotos.photoLike(320, 240, 3), 0.9f);
        if (spec != null) jpeg = TestPhotos.withExif(jpeg, spec);
        Exif exif = PROCESSOR
                .process(TestPhotos.write(dir, "e.jpg", jpeg), DEFAULTS)
                .exif();
        assertEquals(present, exif.present(), name);
        if (lat == null) {
            assertNull(exif.lat(), name);
            assertNull(exif.lng(), name);
        } else {
            assertEquals(lat, exif.lat(), 1e-5, name); // EXIF stores DMS rationals: ~1 m precision is plenty
            assertEquals(lng, exif.lng(), 1e-5, name);
        }
        assertEquals(takenAt, exif.takenAt(), name);
    }

    // ------------------------------------------------------------------ other formats

    @Test
    void decodesWebpAndReadsItsExif() throws Exception {
        Processed p = PROCESSOR.process(TestPhotos.write(dir, "w.webp", TestPhotos.validWebp()), DEFAULTS);
        assertEquals(PhotoFormat.WEBP, p.format());
        assertEquals(64, p.width());
        assertEquals(48, p.height());
        assertTrue(p.exif().present());
        assertEquals(31.2304, p.exif().lat(), 1e-5);
        assertEquals(121.4737, p.exif().lng(), 1e-5);
        assertEquals(Instant.parse("2024-05-01T02:00:00Z"), p.exif().takenAt());
        BufferedImage display = ImageIO.read(new ByteArrayInputStream(p.display()));
        assertRed(display.getRGB(8, 24), "left half");
        assertBlue(display.getRGB(56, 24), "right half");
        assertFalse(TestPhotos.hasExifSegment(p.display()));
    }

    @Test
    void pngWithAlphaIsFlattenedOntoWhite() throws Exception {
        BufferedImage argb = new BufferedImage(300, 200, BufferedImage.TYPE_INT_ARGB); // fully transparent
        Graphics2D g = argb.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(100, 50, 100, 100);
        g.dispose();
        Processed p = PROCESSOR.process(TestPhotos.write(dir, "a.png", TestPhotos.png(argb)), DEFAULTS);
        assertEquals(PhotoFormat.PNG, p.format());
        assertFalse(p.exif().present());
        BufferedImage display = ImageIO.read(new ByteArrayInputStream(p.display()));
        int corner = display.getRGB(5, 5);
        assertTrue(
                channel(corner, 16) > 240 && channel(corner, 8) > 240 && channel(corner, 0) > 240,
                "transparent must become white, was " + Integer.toHexString(corner));
        assertRed(display.getRGB(150, 100), "centre");
    }

    @Test
    void sameInputGivesSameOutput() throws Exception {
        byte[] jpeg = TestPhotos.jpeg(TestPhotos.photoLike(1000, 750, 21), 0.9f);
        Processed a = PROCESSOR.process(TestPhotos.write(dir, "x.jpg", jpeg), DEFAULTS);
        Processed b = PROCESSOR.process(TestPhotos.write(dir, "y.jpg", jpeg), DEFAULTS);
        assertEquals(a.phash(), b.phash());
        assertArrayEquals(a.display(), b.display());
    }

    @Test
    void concurrentCallsAreIndependent() throws Exception {
        byte[] a = TestPhotos.jpegWithExif(
                1200, 900, ExifSpec.empty().orientation(6).gps(31.2, 121.4));
        byte[] b = TestPhotos.png(TestPhotos.shapes(900, 700, 4));
        Path fa = TestPhotos.write(dir, "ca.jpg", a);
        Path fb = TestPhotos.write(dir, "cb.png", b);
        Processed ra = PROCESSOR.process(fa, DEFAULTS);
        Processed rb = PROCESSOR.process(fb, DEFAULTS);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Processed>> fs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Path f = i % 2 == 0 ? fa : fb;
                fs.add(pool.submit(() -> PROCESSOR.process(f, DEFAULTS)));
            }
            for (int i = 0; i < fs.size(); i++) {
                Processed expected = i % 2 == 0 ? ra : rb;
                Processed got = fs.get(i).get();
                assertArrayEquals(expected.display(), got.display());
                assertEquals(expected.phash(), got.phash());
                assertEquals(expected.exif(), got.exif());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void leavesTheCallersFileInPlace() throws Exception {
        Path file = TestPhotos.write(dir, "keep.jpg", TestPhotos.jpeg(TestPhotos.photoLike(100, 80, 1), 0.8f));
        PROCESSOR.process(file, DEFAULTS);
        assertTrue(Files.exists(file));
        assertNotNull(PhotoInspector.readDimensions(file));
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] oversized() {
        byte[] b = new byte[(int) PhotoLimits.DEFAULT_MAX_BYTES + 1];
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xD8;
        b[2] = (byte) 0xFF;
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static int channel(int rgb, int shift) {
        return (rgb >> shift) & 0xFF;
    }

    private static void assertRed(int rgb, String where) {
        assertTrue(
                channel(rgb, 16) > 180 && channel(rgb, 8) < 80 && channel(rgb, 0) < 80,
                where + " should be red, was " + Integer.toHexString(rgb));
    }

    private static void assertBlue(int rgb, String where) {
        assertTrue(
                channel(rgb, 0) > 180 && channel(rgb, 16) < 80 && channel(rgb, 8) < 80,
                where + " should be blue, was " + Integer.toHexString(rgb));
    }
}
