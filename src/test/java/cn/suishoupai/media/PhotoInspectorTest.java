package cn.suishoupai.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PhotoInspectorTest {

    static Stream<Arguments> magic() {
        return Stream.of(
                Arguments.of("jpeg", TestPhotos.jpeg(TestPhotos.shapes(40, 30, 1), 0.8f), PhotoFormat.JPEG),
                Arguments.of("png", TestPhotos.png(TestPhotos.shapes(40, 30, 1)), PhotoFormat.PNG),
                Arguments.of("webp real", TestPhotos.validWebp(), PhotoFormat.WEBP),
                Arguments.of("webp garbage", TestPhotos.webpMagicGarbage(), PhotoFormat.WEBP),
                Arguments.of("heic brand heic", TestPhotos.heicMagic("heic"), PhotoFormat.HEIC),
                Arguments.of("heic brand heix", TestPhotos.heicMagic("heix"), PhotoFormat.HEIC),
                Arguments.of("heif brand mif1", TestPhotos.heicMagic("mif1"), PhotoFormat.HEIC),
                Arguments.of("heif brand msf1", TestPhotos.heicMagic("msf1"), PhotoFormat.HEIC),
                Arguments.of("heic only as compatible brand", TestPhotos.heicMagic("XXXX"), PhotoFormat.HEIC),
                Arguments.of("avif (mif1 only compatible)", TestPhotos.heicMagic("avif"), null),
                Arguments.of("text", TestPhotos.textPretendingToBeJpeg(), null),
                Arguments.of("gif", "GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1), null),
                Arguments.of("empty", new byte[0], null),
                Arguments.of("two bytes of jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8}, null),
                Arguments.of(
                        "RIFF but WAVE",
                        "RIFF\u0000\u0000\u0000\u0000WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1),
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("magic")
    void sniffsByMagicBytes(String name, byte[] data, PhotoFormat expected) {
        PhotoInspector.Sniffed s = PhotoInspector.sniff(data);
        if (expected == null) {
            assertNull(s, name);
        } else {
            assertEquals(expected, s.format(), name);
        }
    }

    @Test
    void plainMp4IsNotHeic() {
        byte[] mp4 = ByteBuffer.allocate(24)
                .putInt(24)
                .put("ftypisom".getBytes(StandardCharsets.US_ASCII))
                .putInt(0x200)
                .put("isomiso2".getBytes(StandardCharsets.US_ASCII))
                .array();
        assertNull(PhotoInspector.sniff(mp4));
    }

    @Test
    void readsBombDimensionsWithoutDecoding(@TempDir Path dir) throws Exception {
        Path bomb = TestPhotos.write(dir, "bomb.png", TestPhotos.pngHeaderClaiming(50_000, 50_000));
        // Decoding would need 50000*50000*3 bytes = 7.5 GB; the header read must not.
        PhotoInspector.Dimensions d = PhotoInspector.readDimensions(bomb);
        assertEquals(50_000, d.width());
        assertEquals(50_000, d.height());
        assertEquals(2_500_000_000L, d.pixels());
    }

    @Test
    void readsJpegAndWebpDimensions(@TempDir Path dir) throws Exception {
        Path jpg = TestPhotos.write(dir, "a.jpg", TestPhotos.jpeg(TestPhotos.shapes(640, 480, 3), 0.8f));
        assertEquals(new PhotoInspector.Dimensions(640, 480), PhotoInspector.readDimensions(jpg));
        Path webp = TestPhotos.write(dir, "a.webp", TestPhotos.validWebp());
        assertEquals(new PhotoInspector.Dimensions(64, 48), PhotoInspector.readDimensions(webp));
    }

    @Test
    void twelveMonkeysReadersAreRegistered() {
        assertTrue(
                ImageIO.getImageReadersByFormatName("jpeg")
                        .next()
                        .getClass()
                        .getName()
                        .startsWith("com.twelvemonkeys"),
                "TwelveMonkeys JPEG reader must take precedence over the JDK one");
        assertTrue(ImageIO.getImageReadersByFormatName("webp").hasNext());
    }
}
