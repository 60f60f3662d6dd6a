package cn.suishoupai.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Cheap, decode-free inspection: format by magic bytes, dimensions from the header.
 * Both run before any pixel is decoded so that wrong types and decompression bombs cost almost nothing.
 */
public final class PhotoInspector {

    /** Bytes {@link #sniff} needs to see; fewer are fine but may give null. */
    public static final int HEAD_LENGTH = 32;

    /** Brands that mark an ISO-BMFF file as HEIC/HEIF (major brand, or compatible brand for the HEVC ones). */
    private static final Set<String> HEIF_MAJOR_BRANDS =
            Set.of("heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1");

    private static final Set<String> HEVC_COMPAT_BRANDS = Set.of("heic", "heix", "hevc", "hevx", "heim", "heis");

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

    private PhotoInspector() {}

    /**
     * @param format what the magic bytes say
     * @param brand  for HEIC the ftyp brand that matched (e.g. "heic", "mif1"); null otherwise
     */
    public record Sniffed(PhotoFormat format, String brand) {
        public String mimeType() {
            return format.mimeType();
        }
    }

    /** Header dimensions of the first image, before any EXIF rotation. */
    public record Dimensions(int width, int height) {
        public long pixels() {
            return (long) width * height;
        }
    }

    /**
     * Format by magic bytes only; the file name and the client's Content-Type are never trusted.
     *
     * @param head the first bytes of the file ({@link #HEAD_LENGTH} is enough)
     * @return the format, or null if it is none of JPEG, PNG, WebP, HEIC
     */
    public static Sniffed sniff(byte[] head) {
        if (head == null) return null;
        if (startsWith(head, 0, (byte) 0xFF, (byte) 0xD8, (byte) 0xFF)) {
            return new Sniffed(PhotoFormat.JPEG, null);
        }
        if (startsWith(head, 0, PNG_MAGIC)) {
            return new Sniffed(PhotoFormat.PNG, null);
        }
        if (ascii(head, 0, 4).equals("RIFF") && ascii(head, 8, 4).equals("WEBP")) {
            return new Sniffed(PhotoFormat.WEBP, null);
        }
        // ISO-BMFF: [size:4]["ftyp"][major brand:4][minor version:4][compatible brands:4*n]
        if (ascii(head, 4, 4).equals("ftyp")) {
            String major = ascii(head, 8, 4);
            if (HEIF_MAJOR_BRANDS.contains(major)) {
                return new Sniffed(PhotoFormat.HEIC, major);
            }
            // e.g. an iPhone file with major "mif1" is caught above; a HEVC brand listed only as compatible
            // is still HEIC. AVIF (major "avif", compatible "mif1") deliberately stays unknown.
            long boxSize = readUint32(head, 0);
            int end = (int) Math.min(head.length, boxSize < 16 ? 16 : Math.min(boxSize, Integer.MAX_VALUE));
            if (!major.startsWith("avi")) {
                for (int off = 16; off + 4 <= end; off += 4) {
                    String brand = ascii(head, off, 4);
                    if (HEVC_COMPAT_BRANDS.contains(brand)) {
                        return new Sniffed(PhotoFormat.HEIC, brand);
                    }
                }
            }
        }
        return null;
    }

    /**
     * Whether an ImageIO reader for HEIC/HEIF is registered. None is on this classpath: TwelveMonkeys has no
     * HEIF plugin, and NightMonkeys' imageio-heif needs JDK 21+ (Foreign Linker) plus a native libheif.
     */
    public static boolean heicDecodable() {
        return ImageIO.getImageReadersByFormatName("heic").hasNext()
                || ImageIO.getImageReadersByFormatName("heif").hasNext()
                || ImageIO.getImageReadersByMIMEType("image/heic").hasNext();
    }

    /** Dimensions from the header of a file, without decoding pixels. */
    public static Dimensions readDimensions(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new IOException("cannot open " + file);
            ImageReader reader = readerFor(in);
            try {
                return dimensions(reader);
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * An ImageIO reader positioned on {@code in}, chosen by content (TwelveMonkeys' JPEG reader registers ahead of
     * the JDK one). The caller must {@link ImageReader#dispose()} it.
     */
    static ImageReader readerFor(ImageInputStream in) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) throw new IOException("no ImageIO reader recognises this data");
        ImageReader reader = readers.next();
        // ignoreMetadata: we read EXIF with metadata-extractor; skipping ancillary chunks (e.g. PNG zTXt) here also
        // avoids inflating attacker-sized text blocks.
        reader.setInput(in, false, true);
        return reader;
    }

    /** Header-only: ImageReader.getWidth/getHeight parse SOF / IHDR / VP8 headers, not pixel data. */
    static Dimensions dimensions(ImageReader reader) throws IOException {
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if (w <= 0 || h <= 0) throw new IOException("invalid dimensions " + w + "x" + h);
        return new Dimensions(w, h);
    }

    private static boolean startsWith(byte[] data, int offset, byte... prefix) {
        if (data.length < offset + prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) return false;
        }
        return true;
    }

    private static String ascii(byte[] data, int offset, int len) {
        if (data.length < offset + len) return "";
        return new String(data, offset, len, StandardCharsets.ISO_8859_1);
    }

    private static long readUint32(byte[] d, int off) {
        if (d.length < off + 4) return 0;
        return ((d[off] & 0xFFL) << 24)
                | ((d[off + 1] & 0xFFL) << 16)
                | ((d[off + 2] & 0xFFL) << 8)
                | (d[off + 3] & 0xFFL);
    }
}
