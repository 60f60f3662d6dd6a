package cn.suishoupai.media;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryType;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.taginfos.TagInfoAscii;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/**
 * Test photos made in memory: JPEGs with chosen EXIF, PNGs, and hostile files. Self-contained (JDK ImageIO +
 * org.apache.commons:commons-imaging 1.0.0-alpha6, test scope) and independent of the production classes, so it can
 * be copied into another project's test sources as is. Everything is deterministic for a given seed.
 */
public final class TestPhotos {

    private TestPhotos() {}

    // ---------------------------------------------------------------- pictures

    /**
     * Photo-like content: smooth colour gradients, a few soft shapes and per-pixel noise, so JPEG sizes resemble a
     * phone photo (a 4000×3000 image at quality 0.9 is roughly 1–2 MB).
     */
    public static BufferedImage photoLike(int width, int height, long seed) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        SplittableRandom rnd = new SplittableRandom(seed);
        double r0 = 60 + rnd.nextInt(120), g0 = 60 + rnd.nextInt(120), b0 = 60 + rnd.nextInt(120);
        double rx = rnd.nextDouble(-80, 80), gy = rnd.nextDouble(-80, 80), bxy = rnd.nextDouble(-60, 60);
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < height; y++) {
            double fy = (double) y / height;
            for (int x = 0; x < width; x++) {
                double fx = (double) x / width;
                int n = rnd.nextInt(-5, 6); // sensor-like noise: this is what makes the JPEG "photo sized"
                int r = clamp(r0 + rx * fx + 25 * Math.sin(fy * 6) + n);
                int g = clamp(g0 + gy * fy + 20 * Math.cos(fx * 5) + n);
                int b = clamp(b0 + bxy * (fx - fy) + n);
                px[y * width + x] = (r << 16) | (g << 8) | b;
            }
        }
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        for (int i = 0; i < 6; i++) {
            g.setColor(new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256), 120));
            int w = width / 8 + rnd.nextInt(Math.max(1, width / 4));
            int h = height / 8 + rnd.nextInt(Math.max(1, height / 4));
            g.fillOval(rnd.nextInt(Math.max(1, width - w)), rnd.nextInt(Math.max(1, height - h)), w, h);
        }
        g.dispose();
        return img;
    }

    /** Bold random rectangles, ovals and lines on a random background: two seeds give clearly different pictures. */
    public static BufferedImage shapes(int width, int height, long seed) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        SplittableRandom rnd = new SplittableRandom(seed);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 12; i++) {
            g.setColor(new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)));
            int w = width / 10 + rnd.nextInt(width / 2);
            int h = height / 10 + rnd.nextInt(height / 2);
            int x = rnd.nextInt(width - w / 2) - w / 4;
            int y = rnd.nextInt(height - h / 2) - h / 4;
            switch (rnd.nextInt(3)) {
                case 0:
                    g.fillRect(x, y, w, h);
                    break;
                case 1:
                    g.fillOval(x, y, w, h);
                    break;
                default:
                    g.setStroke(new BasicStroke(Math.max(2, width / 40f)));
                    g.drawLine(x, y, x + w, y + h);
            }
        }
        g.dispose();
        return img;
    }

    /**
     * Blue image with a pure red block in the top-left corner (a quarter of each side): after a rotation you can
     * tell where the stored top-left ended up.
     */
    public static BufferedImage markedTopLeft(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLUE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 4, height / 4);
        g.dispose();
        return img;
    }

    // ---------------------------------------------------------------- encoders

    public static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) throw new IllegalStateException("no PNG writer");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** What to put into a JPEG's EXIF; null fields are left out. Times are EXIF strings "yyyy:MM:dd HH:mm:ss". */
    public record ExifSpec(
            Double lat, Double lng, String dateTimeOriginal, String offsetTimeOriginal, Integer orientation) {
        public static ExifSpec empty() {
            return new ExifSpec(null, null, null, null, null);
        }

        public ExifSpec gps(double lat, double lng) {
            return new ExifSpec(lat, lng, dateTimeOriginal, offsetTimeOriginal, orientation);
        }

        public ExifSpec taken(String dateTimeOriginal) {
            return new ExifSpec(lat, lng, dateTimeOriginal, offsetTimeOriginal, orientation);
        }

        public ExifSpec offset(String offsetTimeOriginal) {
            return new ExifSpec(lat, lng, dateTimeOriginal, offsetTimeOriginal, orientation);
        }

        public ExifSpec orientation(int orientation) {
            return new ExifSpec(lat, lng, dateTimeOriginal, offsetTimeOriginal, orientation);
        }
    }

    /** EXIF 2.31 OffsetTimeOriginal, e.g. "+08:00"; commons-imaging has no constant for it. */
    private static final TagInfoAscii OFFSET_TIME_ORIGINAL =
            new TagInfoAscii("OffsetTimeOriginal", 0x9011, 7, TiffDirectoryType.EXIF_DIRECTORY_EXIF_IFD);

    /** Inserts an APP1 EXIF segment into a JPEG without re-encoding the pixels. */
    public static byte[] withExif(byte[] jpeg, ExifSpec spec) {
        try {
            TiffOutputSet set = new TiffOutputSet();
            TiffOutputDirectory root = set.getOrCreateRootDirectory();
            root.add(TiffTagConstants.TIFF_TAG_MAKE, "TestPhotos");
            if (spec.orientation() != null) {
                root.add(
                        TiffTagConstants.TIFF_TAG_ORIENTATION,
                        spec.orientation().shortValue());
            }
            if (spec.dateTimeOriginal() != null || spec.offsetTimeOriginal() != null) {
                TiffOutputDirectory exif = set.getOrCreateExifDirectory();
                if (spec.dateTimeOriginal() != null) {
                    exif.add(ExifTagConstants.EXIF_TAG_DATE_TIME_ORIGINAL, spec.dateTimeOriginal());
                }
                if (spec.offsetTimeOriginal() != null) {
                    exif.add(OFFSET_TIME_ORIGINAL, spec.offsetTimeOriginal());
                }
            }
            if (spec.lat() != null && spec.lng() != null) {
                set.setGpsInDegrees(spec.lng(), spec.lat()); // note: (longitude, latitude); writes N/S, E/W refs
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + 1024);
            new ExifRewriter().updateExifMetadataLossless(jpeg, out, set);
            return out.toByteArray();
        } catch (IOException e) { // ImagingException is an IOException
            throw new UncheckedIOException(e);
        }
    }

    /** Photo-like JPEG of the given size carrying the given EXIF. */
    public static byte[] jpegWithExif(int width, int height, ExifSpec spec) {
        return withExif(jpeg(photoLike(width, height, 42), 0.9f), spec);
    }

    // ---------------------------------------------------------------- hostile and odd files

    /** The first {@code keepFraction} of the bytes, as left by a cut upload. */
    public static byte[] truncated(byte[] data, double keepFraction) {
        return Arrays.copyOf(data, (int) (data.length * keepFraction));
    }

    /**
     * A tiny, structurally valid PNG (correct CRCs, IEND) whose IHDR claims {@code width}×{@code height} RGB pixels;
     * its one IDAT holds a single compressed row, so decoding it would first allocate the full claimed raster.
     */
    public static byte[] pngHeaderClaiming(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        writeChunk(out, "IHDR", ihdr.array());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[1 + Math.min(width, 1 << 16) * 3]); // filter byte + one (partial) black row
        deflater.finish();
        byte[] buf = new byte[4096];
        int n = deflater.deflate(buf);
        deflater.end();
        writeChunk(out, "IDAT", Arrays.copyOf(buf, n));
        writeChunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** "RIFF....WEBP" magic followed by junk: sniffs as WebP, cannot be decoded. */
    public static byte[] webpMagicGarbage() {
        byte[] junk = new byte[200];
        new SplittableRandom(7).nextBytes(junk);
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + junk.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt(4 + 8 + junk.length)
                .put("WEBP".getBytes(StandardCharsets.US_ASCII))
                .put("VP8 ".getBytes(StandardCharsets.US_ASCII))
                .putInt(junk.length)
                .put(junk);
        return b.array();
    }

    /** An ftyp box with major brand {@code brand} (e.g. "heic", "mif1") and junk after it, like an iPhone .heic head. */
    public static byte[] heicMagic(String brand) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] ftyp = ByteBuffer.allocate(24)
                .putInt(24)
                .put(ascii("ftyp"))
                .put(ascii(brand))
                .putInt(0)
                .put(ascii("mif1"))
                .put(ascii("heic"))
                .array();
        out.writeBytes(ftyp);
        byte[] junk = new byte[256];
        new SplittableRandom(11).nextBytes(junk);
        out.writeBytes(junk);
        return out.toByteArray();
    }

    /** Plain text (what a ".jpg" named upload may really be). */
    public static byte[] textPretendingToBeJpeg() {
        return "This is not a photo, just text in a file named hazard.jpg\n".getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A real lossy WebP, 64×48, made once with Debian's cwebp 1.2.4 ({@code cwebp -q 60 -metadata exif}) from a
     * TestPhotos JPEG whose EXIF says GPS 31.2304,121.4737 and DateTimeOriginal 2024:05:01 10:00:00 +08:00.
     * The image has a red left half and a blue right half. No WebP encoder exists for ImageIO, hence the fixture.
     */
    public static byte[] validWebp() {
        return Base64.getDecoder().decode(WEBP_64x48_BASE64);
    }

    static final String WEBP_64x48_BASE64 =
            "UklGRoABAABXRUJQVlA4WAoAAAAIAAAAPwAALwAAVlA4IGoAAACQBACdASpAADAAPrVUo0wnJSMiKqgA4BaJQBncA+9m/FX8AAC1"
                    + "DfWu5HzwI+AA/u0HL/cpV34jn//W/lYHn3eNP3JvIk25z5pD9GzHz4PYAl6sL9YTqPtIpNqlKNhv8h+I8vHTghZxGAAARVhJRvAA"
                    + "AABJSSoACAAAAAMADwECAAsAAAA0AAAAaYcEAAEAAABAAAAAJYgEAAEAAAB8AAAAAAAAAAAAVGVzdFBob3RvcwAAAgADkAIAFAAA"
                    + "AGAAAAARkAIABwAAAHQAAAAAAAAAAAAyMDI0OjA1OjAxIDEwOjAwOjAwACswODowMAAABQAAAAEABAAAAAIDAAABAAIAAgAAAE4A"
                    + "AAACAAUAAwAAAMAAAAADAAIAAgAAAEUAAAAEAAUAAwAAANgAAAAAAAAAAAAfAAAAAQAAAA0AAAABAAAA1AQAABkAAAB5AAAAAQAA"
                    + "ABwAAAABAAAAeQIAABkAAAA=";

    public static Path write(Path dir, String fileName, byte[] data) {
        try {
            return Files.write(dir.resolve(fileName), data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Does the byte array contain an APP1 segment starting with "Exif\0\0" anywhere before the first scan? */
    public static boolean hasExifSegment(byte[] jpeg) {
        int i = 2; // after SOI
        while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
            int marker = jpeg[i + 1] & 0xFF;
            if (marker == 0xDA || marker == 0xD9) return false; // start of scan / end of image
            int len = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
            if (marker == 0xE1
                    && i + 10 <= jpeg.length
                    && new String(jpeg, i + 4, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0")) {
                return true;
            }
            i += 2 + len;
        }
        return false;
    }

    /** Byte-level search, e.g. for "Exif" or "GPS" anywhere in the file. */
    public static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) continue outer;
            }
            return true;
        }
        return false;
    }

    private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = ascii(type);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static int clamp(double v) {
        return v < 0 ? 0 : v > 255 ? 255 : (int) v;
    }
}
