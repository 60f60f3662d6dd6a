package cn.suishoupai.media;

import cn.suishoupai.media.PhotoInspector.Dimensions;
import cn.suishoupai.media.PhotoRejected.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Structural pre-check, before any decoder sees the file: the file must hold at least the bytes its headers promise.
 * A decoder given less does not always fail: some read zeros past the end and "decode" for minutes (issue 12: a
 * 41-byte WebP claiming 1024×1024 pixels took 40 s and came out black). Pure and cheap: one pass over the bytes, no
 * pixel is decoded, nothing is allocated in proportion to the claimed size.
 *
 * <p>Per format:
 * <ul>
 * <li>JPEG: SOI; every marker segment fits in the file; a frame header (SOF) with non-zero dimensions before the
 * first scan (SOS); the scans' entropy-coded data run into an EOI marker (a cut scan has none). Huffman-coded data
 * need at least one bit per 8×8 block of the full-size component; half of that is required.</li>
 * <li>PNG: IHDR first; every chunk fits in the file; CRCs of the critical chunks (IHDR, PLTE, IDAT, IEND) match;
 * at least one IDAT; IEND present. Deflate cannot expand more than 1032:1, so the IDAT bytes must be able to
 * inflate to the raw rows the header describes.</li>
 * <li>WebP: the RIFF size fits in the file; every chunk fits in the RIFF; VP8 (lossy) key frame with start code,
 * non-zero dimensions, a first partition inside the chunk and followed by token data, and at least one byte of
 * first partition per 8 macroblocks (each macroblock's modes cost more than a bit); VP8L (lossless) signature,
 * version 0; VP8X (extended) canvas size, an image chunk (or animation frames) checked as above, a still image's
 * bitstream the size of the canvas.</li>
 * </ul>
 * Dimensions are checked against the pixel limit before the size-dependent plausibility rules, so a decompression
 * bomb is still named as one.
 */
public final class PhotoStructure {

    /** Deflate's maximum expansion: a 258-byte match coded in 2 bits. */
    static final long DEFLATE_MAX_RATIO = 1032;

    private PhotoStructure() {}

    /**
     * @param data      the whole file, position 0 to limit (not modified)
     * @param format    what {@link PhotoInspector#sniff} said
     * @param maxPixels the decompression-bomb limit
     * @return the dimensions the headers declare
     * @throws PhotoRejected UNDECODABLE if the structure is broken or cut short, TOO_MANY_PIXELS over the limit
     */
    public static Dimensions check(ByteBuffer data, PhotoFormat format, long maxPixels) throws PhotoRejected {
        ByteBuffer d = data.duplicate();
        d.position(0);
        return switch (format) {
            case JPEG -> jpeg(d.order(ByteOrder.BIG_ENDIAN), maxPixels);
            case PNG -> png(d.order(ByteOrder.BIG_ENDIAN), maxPixels);
            case WEBP -> webp(d.order(ByteOrder.LITTLE_ENDIAN), maxPixels);
            case HEIC -> throw new PhotoRejected(Reason.UNSUPPORTED_TYPE, "HEIC cannot be decoded on this server");
        };
    }

    // ------------------------------------------------------------------ JPEG

    private static Dimensions jpeg(ByteBuffer d, long maxPixels) throws PhotoRejected {
        int len = d.limit();
        if (len < 4 || u8(d, 0) != 0xFF || u8(d, 1) != 0xD8) throw corrupt("JPEG does not start with SOI");
        int pos = 2;
        Dimensions dims = null;
        boolean huffman = true;
        boolean scanned = false;
        long entropyBytes = 0;
        Window bytes = new Window(d, len);
        while (true) {
            if (pos >= len) throw cut("JPEG ends without an EOI marker");
            if (u8(d, pos) != 0xFF) throw corrupt("JPEG has no marker at byte " + pos);
            while (pos < len && u8(d, pos) == 0xFF) pos++; // fill bytes
            if (pos >= len) throw cut("JPEG ends without an EOI marker");
            int marker = u8(d, pos++);
            if (marker == 0xD9) break; // EOI
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue; // TEM, RSTn: no length
            if (marker == 0x00 || marker == 0xD8)
                throw corrupt("JPEG has a misplaced marker 0x" + hex(marker) + " at byte " + pos);
            if (pos + 2 > len) throw cut("JPEG ends inside the header of segment 0x" + hex(marker));
            int segment = u16(d, pos);
            if (segment < 2) throw corrupt("JPEG segment 0x" + hex(marker) + " has length " + segment);
            if ((long) pos + segment > len) {
                throw cut("JPEG segment 0x" + hex(marker) + " claims " + segment + " bytes; " + (len - pos)
                        + " are left");
            }
            if (isSof(marker)) {
                if (segment < 8) throw corrupt("JPEG frame header is too short");
                int height = u16(d, pos + 3);
                int width = u16(d, pos + 5);
                if (width == 0 || height == 0)
                    throw corrupt("JPEG frame declares " + width + "x" + height + " (DNL is not supported)");
                if (dims == null) dims = new Dimensions(width, height);
                if (marker >= 0xC9) huffman = false; // arithmetic coding: no per-block minimum we can count on
            }
            pos += segment;
            if (marker == 0xDA) { // SOS: entropy-coded data follow, up to the next marker that is not RSTn
                if (dims == null) throw corrupt("JPEG scan before the frame header");
                scanned = true;
                int start = pos;
                while (true) {
                    pos = bytes.nextFf(pos); // every other byte is scan data
                    if (pos + 1 >= len) throw cut("JPEG scan data end without an EOI marker (truncated)");
                    int next = u8(d, pos + 1);
                    if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
                        pos += 2; // stuffed byte or restart marker: still scan data
                        continue;
                    }
                    if (next != 0xFF) break; // a marker: the loop above reads it
                    pos++;
                }
                entropyBytes += pos - start;
            }
        }
        if (dims == null) throw corrupt("JPEG has no frame header (SOF)");
        if (!scanned) throw corrupt("JPEG has no scan (SOS)");
        pixelLimit(dims, maxPixels);
        if (huffman) {
            long blocks = ceilDiv(dims.width(), 8) * ceilDiv(dims.height(), 8);
            long needed = blocks / 16; // ≥ 1 bit per block in fact; half of it is required
            if (entropyBytes < needed) {
                throw cut("JPEG scan data of " + entropyBytes + " bytes cannot hold " + dims.width() + "x"
                        + dims.height() + " pixels (truncated)");
            }
        }
        return dims;
    }

    private static boolean isSof(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    // ------------------------------------------------------------------ PNG

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

    private static Dimensions png(ByteBuffer d, long maxPixels) throws PhotoRejected {
        long len = d.limit();
        for (int i = 0; i < PNG_SIGNATURE.length; i++) {
            if (i >= len || d.get(i) != PNG_SIGNATURE[i]) throw corrupt("PNG signature is wrong");
        }
        long pos = 8;
        Dimensions dims = null;
        int bitsPerPixel = 0;
        long idatBytes = 0;
        boolean idat = false;
        while (true) {
            if (pos + 8 > len) throw cut("PNG ends without an IEND chunk (truncated)");
            long length = u32(d, (int) pos);
            String type = ascii(d, (int) pos + 4, 4);
            if (length > Integer.MAX_VALUE) throw corrupt("PNG chunk " + type + " has length " + length);
            if (pos + 12 + length > len) {
                throw cut("PNG chunk " + type + " claims " + length + " bytes; " + Math.max(0, len - pos - 12)
                        + " are left (truncated)");
            }
            if (dims == null && !type.equals("IHDR")) throw corrupt("PNG does not start with IHDR");
            boolean critical = Character.isUpperCase(type.charAt(0));
            if (critical && crc(d, (int) pos + 4, 4 + (int) length) != u32(d, (int) (pos + 8 + length))) {
                throw corrupt("PNG chunk " + type + " fails its CRC");
            }
            int data = (int) pos + 8;
            switch (type) {
                case "IHDR" -> {
                    if (dims != null) throw corrupt("PNG has a second IHDR");
                    if (length != 13) throw corrupt("PNG IHDR has length " + length);
                    long width = u32(d, data);
                    long height = u32(d, data + 4);
                    if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
                        throw corrupt("PNG declares " + width + "x" + height);
                    }
                    dims = new Dimensions((int) width, (int) height);
                    bitsPerPixel = channels(u8(d, data + 9)) * Math.max(1, u8(d, data + 8));
                }
                case "IDAT" -> {
                    idat = true;
                    idatBytes += length;
                }
                default -> {}
            }
            pos += 12 + length;
            if (type.equals("IEND")) break;
        }
        if (!idat) throw corrupt("PNG has no image data (IDAT)");
        pixelLimit(dims, maxPixels);
        long rowBytes = 1 + ceilDiv((long) dims.width() * bitsPerPixel, 8);
        long raw = rowBytes * dims.height();
        if (raw > idatBytes * DEFLATE_MAX_RATIO + 1024) {
            throw cut("PNG image data of " + idatBytes + " bytes cannot hold " + dims.width() + "x" + dims.height()
                    + " pixels (truncated)");
        }
        return dims;
    }

    private static int channels(int colourType) {
        return switch (colourType) {
            case 2 -> 3; // RGB
            case 4 -> 2; // grey + alpha
            case 6 -> 4; // RGBA
            default -> 1; // grey, palette (and invalid types, which the decoder refuses)
        };
    }

    private static long crc(ByteBuffer d, int offset, int length) {
        CRC32 crc = new CRC32();
        ByteBuffer slice = d.duplicate();
        slice.limit(offset + length).position(offset);
        crc.update(slice);
        return crc.getValue();
    }

    // ------------------------------------------------------------------ WebP

    private static Dimensions webp(ByteBuffer d, long maxPixels) throws PhotoRejected {
        long len = d.limit();
        if (len < 20) throw cut("WebP is " + len + " bytes long: shorter than its headers");
        long end = u32le(d, 4) + 8;
        if (end > len) throw cut("WebP RIFF header claims " + end + " bytes; the file has " + len + " (truncated)");
        if (end < 20) throw corrupt("WebP RIFF size " + (end - 8) + " is too small");
        long pos = 12;
        String first = ascii(d, (int) pos, 4);
        Chunk chunk = chunk(d, pos, end);
        Dimensions dims;
        switch (first) {
            case "VP8 " -> dims = vp8(d, chunk);
            case "VP8L" -> dims = vp8l(d, chunk);
            case "VP8X" -> dims = vp8x(d, chunk, end);
            default -> throw corrupt("WebP starts with chunk '" + printable(first) + "', not VP8, VP8L or VP8X");
        }
        // every further chunk must fit as well
        for (long p = chunk.next; p < end; ) {
            p = chunk(d, p, end).next;
        }
        pixelLimit(dims, maxPixels);
        return dims;
    }

    /** A RIFF chunk: fourcc at {@code at}, payload {@code [data, data+size)}, the next chunk at {@code next}. */
    private record Chunk(String type, int data, int size, long next) {}

    private static Chunk chunk(ByteBuffer d, long at, long end) throws PhotoRejected {
        if (at + 8 > end) throw cut("WebP ends inside a chunk header (truncated)");
        String type = ascii(d, (int) at, 4);
        long size = u32le(d, (int) at + 4);
        if (at + 8 + size > end) {
            throw cut("WebP chunk '" + printable(type) + "' claims " + size + " bytes; " + (end - at - 8)
                    + " are left (truncated)");
        }
        long next = Math.min(end, at + 8 + size + (size & 1)); // pad byte; a missing last pad is tolerated
        return new Chunk(type, (int) at + 8, (int) size, next);
    }

    private static Dimensions vp8(ByteBuffer d, Chunk c) throws PhotoRejected {
        if (c.size < 10) throw cut("WebP VP8 frame header is cut short");
        int p = c.data;
        int tag = u8(d, p) | (u8(d, p + 1) << 8) | (u8(d, p + 2) << 16);
        if ((tag & 1) != 0) throw corrupt("WebP VP8 frame is not a key frame");
        if (((tag >> 1) & 7) > 3) throw corrupt("WebP VP8 frame has an unknown version");
        int firstPartition = (tag >> 5) & 0x7FFFF;
        if (u8(d, p + 3) != 0x9D || u8(d, p + 4) != 0x01 || u8(d, p + 5) != 0x2A)
            throw corrupt("WebP VP8 start code is wrong");
        int width = u16le(d, p + 6) & 0x3FFF;
        int height = u16le(d, p + 8) & 0x3FFF;
        if (width == 0 || height == 0) throw corrupt("WebP VP8 frame declares " + width + "x" + height);
        long available = c.size - 10L;
        if (firstPartition > available) {
            throw cut("WebP VP8 first partition claims " + firstPartition + " bytes; the frame holds " + available
                    + " (truncated)");
        }
        long macroblocks = ceilDiv(width, 16) * ceilDiv(height, 16);
        if (firstPartition < ceilDiv(macroblocks, 8)) {
            throw cut("WebP VP8 first partition of " + firstPartition + " bytes cannot describe " + width + "x" + height
                    + " pixels (" + macroblocks + " macroblocks; truncated)");
        }
        if (firstPartition == available) throw cut("WebP VP8 frame has no coefficient data (truncated)");
        return new Dimensions(width, height);
    }

    private static Dimensions vp8l(ByteBuffer d, Chunk c) throws PhotoRejected {
        if (c.size < 5) throw cut("WebP VP8L header is cut short");
        if (u8(d, c.data) != 0x2F) throw corrupt("WebP VP8L signature is wrong");
        long bits = u32le(d, c.data + 1);
        if ((bits >>> 29) != 0) throw corrupt("WebP VP8L has an unknown version");
        return new Dimensions((int) (bits & 0x3FFF) + 1, (int) ((bits >>> 14) & 0x3FFF) + 1);
    }

    private static Dimensions vp8x(ByteBuffer d, Chunk header, long end) throws PhotoRejected {
        if (header.size < 10) throw cut("WebP VP8X header is cut short");
        int flags = u8(d, header.data);
        Dimensions canvas = new Dimensions(u24le(d, header.data + 4) + 1, u24le(d, header.data + 7) + 1);
        boolean animated = (flags & 0x02) != 0;
        boolean image = false;
        for (long p = header.next; p < end; ) {
            Chunk c = chunk(d, p, end);
            switch (c.type) {
                case "VP8 ", "VP8L" -> {
                    if (animated) break;
                    Dimensions bitstream = c.type.equals("VP8 ") ? vp8(d, c) : vp8l(d, c);
                    if (!bitstream.equals(canvas)) {
                        throw corrupt("WebP canvas is " + canvas.width() + "x" + canvas.height() + " but its image is "
                                + bitstream.width() + "x" + bitstream.height());
                    }
                    image = true;
                }
                case "ANMF" -> {
                    if (c.size < 16) throw cut("WebP animation frame header is cut short");
                    long frameEnd = (long) c.data + c.size;
                    for (long q = c.data + 16L; q < frameEnd; ) {
                        Chunk inner = chunk(d, q, frameEnd);
                        if (inner.type.equals("VP8 ")) vp8(d, inner);
                        if (inner.type.equals("VP8L")) vp8l(d, inner);
                        image |= inner.type.equals("VP8 ") || inner.type.equals("VP8L");
                        q = inner.next;
                    }
                }
                default -> {}
            }
            p = c.next;
        }
        if (!image) throw cut("WebP VP8X has no image data (truncated)");
        return canvas;
    }

    // ------------------------------------------------------------------ shared

    private static void pixelLimit(Dimensions dims, long maxPixels) throws PhotoRejected {
        if (dims.pixels() > maxPixels) {
            throw new PhotoRejected(
                    Reason.TOO_MANY_PIXELS,
                    dims.width() + "x" + dims.height() + " = " + dims.pixels() + " pixels; the limit is " + maxPixels);
        }
    }

    private static PhotoRejected cut(String detail) {
        return new PhotoRejected(Reason.UNDECODABLE, detail);
    }

    private static PhotoRejected corrupt(String detail) {
        return new PhotoRejected(Reason.UNDECODABLE, detail);
    }

    /**
     * Finds 0xFF bytes through a heap copy of the buffer, a window at a time: the scan data are most of a JPEG
     * (megabytes), and one bounds-checked get per byte of a mapped file was most of an upload request's CPU.
     */
    private static final class Window {
        private final ByteBuffer d;
        private final int len;
        private final byte[] buf = new byte[16 * 1024];
        private int start;
        private int n;

        Window(ByteBuffer d, int len) {
            this.d = d;
            this.len = len;
        }

        /** The index of the first 0xFF at or after {@code from}, or the length when there is none. */
        int nextFf(int from) {
            int at = from;
            while (at < len) {
                if (at < start || at >= start + n) {
                    start = at;
                    n = Math.min(buf.length, len - at);
                    d.get(at, buf, 0, n);
                }
                for (int i = at - start; i < n; i++) {
                    if (buf[i] == (byte) 0xFF) {
                        return start + i;
                    }
                }
                at = start + n;
            }
            return len;
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static int u8(ByteBuffer d, int at) {
        return d.get(at) & 0xFF;
    }

    private static int u16(ByteBuffer d, int at) {
        return (u8(d, at) << 8) | u8(d, at + 1);
    }

    private static int u16le(ByteBuffer d, int at) {
        return u8(d, at) | (u8(d, at + 1) << 8);
    }

    private static int u24le(ByteBuffer d, int at) {
        return u8(d, at) | (u8(d, at + 1) << 8) | (u8(d, at + 2) << 16);
    }

    private static long u32(ByteBuffer d, int at) {
        return ((long) u16(d, at) << 16) | u16(d, at + 2);
    }

    private static long u32le(ByteBuffer d, int at) {
        return u16le(d, at) | ((long) u16le(d, at + 2) << 16);
    }

    private static String ascii(ByteBuffer d, int at, int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) b[i] = d.get(at + i);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7E]", "?");
    }

    private static String hex(int b) {
        return String.format("%02X", b);
    }
}
