package cn.suishoupai.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PerceptualHashTest {

    private static final PhotoProcessor PROCESSOR = new PhotoProcessor();

    @TempDir
    Path dir;

    /** The same picture uploaded twice, once re-encoded smaller and at lower quality (as WeChat "compressed" does). */
    @ParameterizedTest(name = "seed {0}: re-encoded at {1}x{2} q{3}")
    @CsvSource({
        "1, 1600, 1200, 0.5",
        "2,  800,  600, 0.6",
        "3,  400,  300, 0.4",
        "4, 2000, 1500, 0.3",
        "5, 1000,  750, 0.9"
    })
    void reEncodedCopyIsNear(long seed, int w, int h, float quality) throws Exception {
        BufferedImage original = TestPhotos.shapes(3200, 2400, seed);
        String a = hashOfUpload(TestPhotos.jpeg(original, 0.92f), "a" + seed + ".jpg");
        String b = hashOfUpload(TestPhotos.jpeg(scaled(original, w, h), quality), "b" + seed + ".jpg");
        int d = PhotoProcessor.hammingDistance(a, b);
        assertTrue(d <= 8, "same picture must be within 8 bits, was " + d + " (" + a + " vs " + b + ")");
    }

    @ParameterizedTest(name = "seeds {0} vs {1}")
    @CsvSource({"1, 2", "3, 4", "5, 6", "7, 8", "10, 11", "12, 13"})
    void differentPicturesAreFar(long seedA, long seedB) throws Exception {
        String a = hashOfUpload(TestPhotos.jpeg(TestPhotos.shapes(1600, 1200, seedA), 0.9f), "x" + seedA + ".jpg");
        String b = hashOfUpload(TestPhotos.jpeg(TestPhotos.shapes(1600, 1200, seedB), 0.9f), "y" + seedB + ".jpg");
        int d = PhotoProcessor.hammingDistance(a, b);
        assertTrue(d > 16, "different pictures must be > 16 bits apart, was " + d + " (" + a + " vs " + b + ")");
    }

    @Test
    void photoLikeReEncodedAtAnotherSizeIsNear() throws Exception {
        BufferedImage original = TestPhotos.photoLike(4000, 3000, 77);
        String a = hashOfUpload(TestPhotos.jpeg(original, 0.9f), "p1.jpg");
        String b = hashOfUpload(TestPhotos.jpeg(scaled(original, 1280, 960), 0.5f), "p2.jpg");
        assertTrue(PhotoProcessor.hammingDistance(a, b) <= 8);
    }

    @Test
    void hammingDistanceBasics() {
        assertEquals(0, PhotoProcessor.hammingDistance("0123456789abcdef", "0123456789ABCDEF"));
        assertEquals(64, PhotoProcessor.hammingDistance("0000000000000000", "ffffffffffffffff"));
        assertEquals(1, PhotoProcessor.hammingDistance("8000000000000000", "0000000000000000"));
        assertEquals(4, PhotoProcessor.hammingDistance("000000000000000f", "0000000000000000"));
        assertThrows(IllegalArgumentException.class, () -> PhotoProcessor.hammingDistance("abc", "0000000000000000"));
        assertThrows(
                NumberFormatException.class,
                () -> PhotoProcessor.hammingDistance("zzzzzzzzzzzzzzzz", "0000000000000000"));
    }

    @Test
    void hashIsHexOf64Bits() {
        assertEquals("00000000000000ff", PerceptualHash.toHex(0xFFL));
        assertEquals("8000000000000000", PerceptualHash.toHex(Long.MIN_VALUE));
        String h = PerceptualHash.computeHex(TestPhotos.shapes(10, 7, 1)); // smaller than 32x32 still works
        assertEquals(16, h.length());
    }

    @Test
    void fastAndGenericPixelPathsAgree() {
        BufferedImage rgb = TestPhotos.shapes(777, 555, 9); // TYPE_INT_RGB: generic getRGB path
        BufferedImage bgr = new BufferedImage(777, 555, BufferedImage.TYPE_3BYTE_BGR); // direct byte path
        Graphics2D g = bgr.createGraphics();
        g.drawImage(rgb, 0, 0, null);
        g.dispose();
        assertEquals(PerceptualHash.computeHex(rgb), PerceptualHash.computeHex(bgr));
    }

    private String hashOfUpload(byte[] jpeg, String name) throws PhotoRejected {
        return PROCESSOR
                .process(TestPhotos.write(dir, name, jpeg), PhotoLimits.defaults())
                .phash();
    }

    private static BufferedImage scaled(BufferedImage src, int w, int h) {
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return dst;
    }
}
