package cn.suishoupai.media;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Hostile photos written byte by byte: files whose headers promise more than their bitstream holds. Each one sniffs
 * as the format it pretends to be. No binary fixtures: every byte is visible here.
 */
public final class CraftedPhotos {

    private CraftedPhotos() {}

    // ---------------------------------------------------------------- WebP

    /**
     * A simple-format lossy WebP: RIFF + one "VP8 " chunk whose key-frame header says {@code width}×{@code height}
     * and whose first partition is {@code firstPartition} bytes long; zeros fill the file to {@code total} bytes.
     */
    public static byte[] webpVp8(int width, int height, int firstPartition, int total) {
        ByteBuffer b = riff(total);
        b.put(ascii("VP8 ")).putInt(total - 20);
        int tag = (1 << 4) | (firstPartition << 5); // key frame, version 0, shown
        b.put((byte) tag).put((byte) (tag >> 8)).put((byte) (tag >> 16));
        b.put((byte) 0x9D).put((byte) 0x01).put((byte) 0x2A);
        b.putShort((short) width).putShort((short) height);
        return b.array();
    }

    /**
     * A simple-format lossless WebP: RIFF + one "VP8L" chunk whose header says {@code width}×{@code height}; zeros
     * fill the file to {@code total} bytes. The case from issue 12: 41 bytes claiming 1024×1024 decoded for ~40 s
     * into a black picture, because the decoder reads zeros once the data has run out.
     */
    public static byte[] webpVp8l(int width, int height, int total) {
        ByteBuffer b = riff(total);
        b.put(ascii("VP8L")).putInt(total - 20);
        b.put((byte) 0x2F).putInt((width - 1) | ((height - 1) << 14)); // no alpha, version 0
        return b.array();
    }

    /** An extended WebP: VP8X canvas {@code width}×{@code height}, then the image chunk of {@code simple} (a simple WebP). */
    public static byte[] webpExtended(int width, int height, byte[] simple) {
        byte[] image = Arrays.copyOfRange(simple, 12, simple.length); // the chunks after "RIFF....WEBP"
        int total = 12 + 18 + image.length;
        ByteBuffer b = riff(total);
        b.put(ascii("VP8X")).putInt(10).putInt(0); // flags 0, 3 reserved bytes
        put24(b, width - 1);
        put24(b, height - 1);
        b.put(image);
        return b.array();
    }

    /** {@code webp} with its RIFF size field overwritten: the header claims {@code riffSize} bytes after offset 8. */
    public static byte[] withRiffSize(byte[] webp, int riffSize) {
        byte[] copy = webp.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(4, riffSize);
        return copy;
    }

    private static ByteBuffer riff(int total) {
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(total - 8).put(ascii("WEBP"));
        return b;
    }

    private static void put24(ByteBuffer b, int v) {
        b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
    }

    // ---------------------------------------------------------------- PNG

    /** {@code png} with the length field of its first chunk of {@code type} set to {@code length} (CRC left alone). */
    public static byte[] pngWithChunkLength(byte[] png, String type, int length) {
        byte[] copy = png.clone();
        int at = chunkOffset(copy, type);
        ByteBuffer.wrap(copy).putInt(at, length);
        return copy;
    }

    /** {@code png} without its IEND chunk (the last 12 bytes): a cut upload that happens to end between chunks. */
    public static byte[] pngWithoutIend(byte[] png) {
        int at = chunkOffset(png, "IEND");
        return Arrays.copyOf(png, at);
    }

    /** {@code png} with one bit of the first IDAT's data flipped, its CRC left as it was. */
    public static byte[] pngWithBadIdatCrc(byte[] png) {
        byte[] copy = png.clone();
        copy[chunkOffset(copy, "IDAT") + 8] ^= 0x01;
        return copy;
    }

    /**
     * {@code png} whose first IDAT holds random bytes of the same length with a correct CRC: the structure is sound
     * (what the cheap checks look at), the compressed data are not, so only decoding finds out.
     */
    public static byte[] pngWithGarbageIdat(byte[] png, long seed) {
        int at = chunkOffset(png, "IDAT");
        int len = ByteBuffer.wrap(png).getInt(at);
        byte[] garbage = new byte[len];
        new java.util.Random(seed).nextBytes(garbage);
        byte[] chunk = pngChunk("IDAT", garbage);
        byte[] copy = png.clone();
        System.arraycopy(chunk, 0, copy, at, chunk.length);
        return copy;
    }

    /** Offset of the length field of the first chunk of {@code type}. */
    static int chunkOffset(byte[] png, String type) {
        ByteBuffer b = ByteBuffer.wrap(png);
        int pos = 8;
        while (pos + 8 <= png.length) {
            int len = b.getInt(pos);
            if (new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1).equals(type)) return pos;
            pos += 12 + len;
        }
        throw new IllegalArgumentException("no " + type + " chunk");
    }

    /** A well-formed PNG chunk (length, type, data, CRC). */
    public static byte[] pngChunk(String type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        CRC32 crc = new CRC32();
        crc.update(ascii(type));
        crc.update(data);
        out.writeBytes(ascii(type));
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- JPEG

    /** {@code jpeg} without its EOI marker (the last two bytes). */
    public static byte[] jpegWithoutEoi(byte[] jpeg) {
        if ((jpeg[jpeg.length - 2] & 0xFF) != 0xFF || (jpeg[jpeg.length - 1] & 0xFF) != 0xD9) {
            throw new IllegalArgumentException("does not end with EOI");
        }
        return Arrays.copyOf(jpeg, jpeg.length - 2);
    }

    /** {@code jpeg} whose frame header (SOF) is rewritten to claim {@code width}×{@code height}; the scan stays small. */
    public static byte[] jpegClaiming(byte[] jpeg, int width, int height) {
        byte[] copy = jpeg.clone();
        int pos = 2;
        while (pos + 4 <= copy.length) {
            int marker = copy[pos + 1] & 0xFF;
            int len = ((copy[pos + 2] & 0xFF) << 8) | (copy[pos + 3] & 0xFF);
            if (marker >= 0xC0 && marker <= 0xC3) {
                ByteBuffer.wrap(copy).putShort(pos + 5, (short) height).putShort(pos + 7, (short) width);
                return copy;
            }
            pos += 2 + len;
        }
        throw new IllegalArgumentException("no SOF");
    }

    /** SOI, then an APP1 segment whose length says 60,000 bytes, then a few bytes: a header cut short. */
    public static byte[] jpegSegmentBeyondEnd() {
        byte[] head = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, (byte) 0xEA, (byte) 0x60};
        byte[] out = Arrays.copyOf(head, 64);
        System.arraycopy(ascii("Exif\0\0"), 0, out, head.length, 6);
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
