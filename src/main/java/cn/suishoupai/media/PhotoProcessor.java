package cn.suishoupai.media;

import cn.suishoupai.common.Hashes;
import cn.suishoupai.media.PhotoInspector.Dimensions;
import cn.suishoupai.media.PhotoInspector.Sniffed;
import cn.suishoupai.media.PhotoRejected.Reason;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import net.coobird.thumbnailator.Thumbnails;

/**
 * Validates one uploaded photo and derives what the service stores: an upright, metadata-free display JPEG and
 * thumbnail, SHA-256 of the original, a perceptual hash and the EXIF facts.
 *
 * <p>Hostile input cannot hold a decode thread: {@link PhotoStructure} refuses files that hold less than their headers
 * promise before any decoder runs, and the decoder reads through a {@link GuardedImageInputStream} that stops it at
 * {@link PhotoLimits#decodeTimeout()} or when it keeps reading past the end of the data.
 *
 * <p>Stateless and thread-safe; every ImageIO reader/writer is created and disposed per call. Never creates temp
 * files (JPEG output goes through a memory cache, input is read from the caller's file) and never deletes the
 * caller's file. CPU-bound: run at most about one call per core at a time (see the report / README).
 */
public final class PhotoProcessor {

    static {
        // ImageIO registers plugins from the class path of the thread that first touches it; under a framework
        // class loader that can miss TwelveMonkeys. Rescan once if the WebP reader is not visible.
        if (!ImageIO.getImageReadersByFormatName("webp").hasNext()) {
            ImageIO.scanForPlugins();
        }
    }

    private static final HexFormat HEX = HexFormat.of();

    /** What the cheap checks found: the format by content and the dimensions the headers declare. */
    public record Inspected(PhotoFormat format, int width, int height) {}

    /**
     * The cheap checks, without decoding a pixel: size, format by magic bytes, and a structural pass that the file
     * holds what its headers promise, with the declared pixel count against the limit. Milliseconds for a 12 MP
     * photo; what {@code POST /api/v1/uploads} runs before it answers. {@link #process} runs them again.
     */
    public static Inspected inspect(Path original, PhotoLimits limits) throws PhotoRejected {
        // 1. size, before reading anything
        long size = fileSize(original);
        if (size > limits.maxBytes()) {
            throw new PhotoRejected(
                    Reason.TOO_LARGE, "file is " + size + " bytes; the limit is " + limits.maxBytes() + " bytes");
        }

        // 2. magic bytes
        Sniffed sniffed = PhotoInspector.sniff(readHead(original));
        if (sniffed == null) {
            throw new PhotoRejected(
                    Reason.UNSUPPORTED_TYPE,
                    size == 0 ? "file is empty" : "not a JPEG, PNG, WebP or HEIC image (by content)");
        }
        PhotoFormat format = sniffed.format();
        if (format == PhotoFormat.HEIC && !PhotoInspector.heicDecodable()) {
            throw new PhotoRejected(Reason.UNSUPPORTED_TYPE, "HEIC cannot be decoded on this server");
        }

        // 3. structure: the file holds at least what its headers promise; dimensions against the pixel limit
        Dimensions declared = PhotoStructure.check(map(original), format, limits.maxPixels());
        return new Inspected(format, declared.width(), declared.height());
    }

    public Processed process(Path original, PhotoLimits limits) throws PhotoRejected {
        PhotoFormat format = inspect(original, limits).format();

        // 4. a subsampled decode, stopped at the deadline
        Decoded decoded = decode(original, format, limits);

        PhotoMetadata.Read meta = PhotoMetadata.read(original, format);
        int orientation = meta.orientation();
        boolean swap = orientation >= 5; // 5..8 transpose width and height
        int width = swap ? decoded.header.height() : decoded.header.width();
        int height = swap ? decoded.header.width() : decoded.header.height();

        // 5. upright, flattened display image; resizing first keeps the rotation cheap
        BufferedImage display = resize(decoded.image, limits.displayLongEdge(), orientation);
        decoded = null; // let the full-size raster go before we allocate more

        BufferedImage thumb = resize(display, limits.thumbLongEdge(), 1);

        return new Processed(
                format,
                width,
                height,
                Hashes.sha256(original),
                PerceptualHash.computeHex(
                        thumb), // the hash works on 32x32 luma: the thumbnail is plenty, and 40x cheaper
                encodeJpeg(display, limits.jpegQuality()),
                encodeJpeg(thumb, limits.jpegQuality()),
                display.getWidth(),
                display.getHeight(),
                meta.exif());
    }

    /** Bits that differ between two {@link Processed#phash()} values; ≤ 8 is very likely the same picture. */
    public static int hammingDistance(String hashA, String hashB) {
        return PerceptualHash.hammingDistance(hashA, hashB);
    }

    private record Decoded(Dimensions header, BufferedImage image) {}

    /** Stops decodes that run past their deadline; one daemon thread for the whole JVM, it only flips flags. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "photo-decode-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** Looks at the budget when it would run out if the decode had every cycle, and again until it is spent. */
    private static final class Watchdog implements Runnable {
        private final GuardedImageInputStream.Budget budget;
        private final GuardedImageInputStream in;
        private final ImageReader reader;
        private volatile boolean cancelled;
        private volatile ScheduledFuture<?> next;

        Watchdog(GuardedImageInputStream.Budget budget, GuardedImageInputStream in, ImageReader reader) {
            this.budget = budget;
            this.in = in;
            this.reader = reader;
            schedule(budget.remaining());
        }

        private void schedule(long nanos) {
            next = WATCHDOG.schedule(this, Math.max(1, nanos), TimeUnit.NANOSECONDS);
        }

        @Override
        public void run() {
            if (cancelled) {
                return;
            }
            long left = budget.remaining();
            if (left > 0) {
                schedule(left);
            } else {
                in.expire();
                reader.abort();
            }
        }

        void cancel() {
            cancelled = true;
            next.cancel(false);
        }
    }

    private static Decoded decode(Path file, PhotoFormat format, PhotoLimits limits) throws PhotoRejected {
        GuardedImageInputStream.Budget budget = new GuardedImageInputStream.Budget(limits.decodeTimeout());
        ImageInputStream raw;
        try {
            raw = new FileImageInputStream(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (GuardedImageInputStream in = new GuardedImageInputStream(raw, budget)) {
            ImageReader reader;
            try {
                reader = PhotoInspector.readerFor(in);
            } catch (IOException e) {
                throw refusal(
                        in,
                        format,
                        limits,
                        new PhotoRejected(Reason.UNDECODABLE, format + " data not recognised by any decoder", e));
            }
            // The stream throws once the budget is spent; abort() also stops readers between rows.
            Watchdog watchdog = new Watchdog(budget, in, reader);
            try {
                Dimensions dims;
                try {
                    dims = PhotoInspector.dimensions(reader);
                } catch (IOException | RuntimeException e) {
                    throw refusal(
                            in,
                            format,
                            limits,
                            new PhotoRejected(
                                    Reason.UNDECODABLE, "cannot read " + format + " header: " + describe(e), e));
                }
                if (dims.pixels() > limits.maxPixels()) {
                    throw new PhotoRejected(
                            Reason.TOO_MANY_PIXELS,
                            dims.width() + "x" + dims.height() + " = " + dims.pixels() + " pixels; the limit is "
                                    + limits.maxPixels());
                }

                // Subsample while decoding: an 8000x6000 photo decodes to 1600x1200 (6 MB) instead of 8000x6000 (144
                // MB).
                ImageReadParam param = reader.getDefaultReadParam();
                // Subsampling is the cheapest way to shrink (the decoder skips pixels instead of copying them), so use
                // it
                // as long as the display copy keeps at least 3/4 of its maximum edge: a 4000 px photo decodes to 2000
                // px.
                int sub =
                        Math.max(1, (int) (Math.max(dims.width(), dims.height()) / (0.75 * limits.displayLongEdge())));
                if (sub > 1) param.setSourceSubsampling(sub, sub, 0, 0);

                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage image;
                try {
                    image = reader.read(0, param);
                } catch (IOException | RuntimeException e) {
                    throw refusal(
                            in,
                            format,
                            limits,
                            new PhotoRejected(Reason.UNDECODABLE, "corrupt " + format + " data: " + describe(e), e));
                }
                // an aborted reader returns what it has so far; a decoder may have swallowed the stream's exception
                PhotoRejected stopped = refusal(in, format, limits, null);
                if (stopped != null) throw stopped;
                // libjpeg does not fail on a cut-off file: it warns and pads with grey. A half-grey photo is useless
                // as evidence, and on weak 4G it usually means the upload was cut, so refuse and let the client retry.
                for (String w : warnings) {
                    if (isTruncationWarning(w)) {
                        throw new PhotoRejected(Reason.UNDECODABLE, "truncated " + format + " data: " + w);
                    }
                }
                return new Decoded(dims, image);
            } finally {
                watchdog.cancel();
                reader.dispose();
            }
        } catch (IOException e) { // closing the input stream
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Why the guarded stream stopped the decode, if it did: the deadline (DECODE_TIMEOUT) or reads past the end of
     * the data (UNDECODABLE); otherwise {@code otherwise}.
     */
    private static PhotoRejected refusal(
            GuardedImageInputStream in, PhotoFormat format, PhotoLimits limits, PhotoRejected otherwise) {
        if (in.exhausted()) {
            return new PhotoRejected(Reason.UNDECODABLE, format + " data end before the image does (truncated)");
        }
        if (in.expired()) {
            return new PhotoRejected(Reason.DECODE_TIMEOUT, format + " decode stopped after " + limits.decodeTimeout());
        }
        return otherwise;
    }

    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    static boolean isTruncationWarning(String warning) {
        String w = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
        return w.contains("premature end") || w.contains("truncated") || w.contains("missing eoi");
    }

    /**
     * Scales so the long edge is at most {@code longEdge} (never up), returns an opaque TYPE_3BYTE_BGR image (alpha
     * flattened onto white), then applies the EXIF orientation. 3-byte BGR is what JPEG decoding yields and what the
     * JDK JPEG writer copies fastest; it also takes 3/4 of the memory of TYPE_INT_RGB.
     */
    private static BufferedImage resize(BufferedImage src, int longEdge, int exifOrientation) {
        boolean alpha = src.getColorModel().hasAlpha();
        BufferedImage out;
        try {
            Thumbnails.Builder<BufferedImage> b = Thumbnails.of(src);
            if (Math.max(src.getWidth(), src.getHeight()) > longEdge) {
                b.size(longEdge, longEdge); // fits the box, keeps aspect ratio
            } else {
                b.scale(1.0);
            }
            b.imageType(alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_3BYTE_BGR);
            out = b.asBufferedImage();
        } catch (IOException e) { // Thumbnailator declares it; in-memory sources do not throw it
            throw new UncheckedIOException(e);
        }
        if (alpha || !isPlainBgr(out)) out = flatten(out);
        return exifOrientation > 1 ? orient(out, exifOrientation) : out;
    }

    /**
     * EXIF orientation 2..8 as a lossless pixel permutation of the (already small) display image: exact, and much
     * faster than Thumbnailator's Graphics2D rotation filter (~85 ms at 2048x1536). {@code src} must be plain
     * TYPE_3BYTE_BGR. Destination pixel index = base + x*stepX + y*stepY for source pixel (x, y).
     */
    static BufferedImage orient(BufferedImage src, int orientation) {
        int w = src.getWidth();
        int h = src.getHeight();
        boolean transpose = orientation >= 5;
        int dw = transpose ? h : w;
        int base;
        int stepX;
        int stepY;
        switch (orientation) {
            case 2:
                base = w - 1;
                stepX = -1;
                stepY = dw;
                break; // mirror horizontal
            case 3:
                base = (h - 1) * dw + w - 1;
                stepX = -1;
                stepY = -dw;
                break; // rotate 180
            case 4:
                base = (h - 1) * dw;
                stepX = 1;
                stepY = -dw;
                break; // mirror vertical
            case 5:
                base = 0;
                stepX = dw;
                stepY = 1;
                break; // transpose
            case 6:
                base = h - 1;
                stepX = dw;
                stepY = -1;
                break; // rotate 90 clockwise
            case 7:
                base = (w - 1) * dw + h - 1;
                stepX = -dw;
                stepY = -1;
                break; // transverse
            case 8:
                base = (w - 1) * dw;
                stepX = -dw;
                stepY = 1;
                break; // rotate 90 counter-clockwise
            default:
                return src;
        }
        BufferedImage dst = new BufferedImage(dw, transpose ? w : h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] s = ((DataBufferByte) src.getRaster().getDataBuffer()).getData();
        byte[] d = ((DataBufferByte) dst.getRaster().getDataBuffer()).getData();
        final int tile = 64; // tiles keep both the reads and the strided writes in cache
        for (int ty = 0; ty < h; ty += tile) {
            int yEnd = Math.min(h, ty + tile);
            for (int tx = 0; tx < w; tx += tile) {
                int xEnd = Math.min(w, tx + tile);
                for (int y = ty; y < yEnd; y++) {
                    int si = (y * w + tx) * 3;
                    int di = base + tx * stepX + y * stepY;
                    for (int x = tx; x < xEnd; x++, si += 3, di += stepX) {
                        int o = di * 3;
                        d[o] = s[si];
                        d[o + 1] = s[si + 1];
                        d[o + 2] = s[si + 2];
                    }
                }
            }
        }
        return dst;
    }

    /** TYPE_3BYTE_BGR with the standard layout {@link #orient} indexes (rows packed, no offsets). */
    private static boolean isPlainBgr(BufferedImage img) {
        WritableRaster r = img.getRaster();
        return img.getType() == BufferedImage.TYPE_3BYTE_BGR
                && r.getDataBuffer() instanceof DataBufferByte
                && r.getSampleModel() instanceof PixelInterleavedSampleModel
                && ((PixelInterleavedSampleModel) r.getSampleModel()).getScanlineStride() == img.getWidth() * 3
                && ((PixelInterleavedSampleModel) r.getSampleModel()).getPixelStride() == 3
                && r.getDataBuffer().getOffset() == 0
                && r.getSampleModelTranslateX() == 0
                && r.getSampleModelTranslateY() == 0;
    }

    private static BufferedImage flatten(BufferedImage src) {
        BufferedImage dst = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = dst.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, dst.getWidth(), dst.getHeight());
            g.drawImage(src, 0, 0, null);
        } finally {
            g.dispose();
        }
        return dst;
    }

    /** Re-encoding with null metadata writes only a JFIF header: EXIF, GPS, XMP, ICC and maker notes are all gone. */
    static byte[] encodeJpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes =
                new ByteArrayOutputStream(Math.max(16 * 1024, image.getWidth() * image.getHeight() / 4));
        // MemoryCacheImageOutputStream: ImageIO.write() would otherwise spool to a temp file when useCache is on
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            if (param instanceof JPEGImageWriteParam) {
                ((JPEGImageWriteParam) param).setOptimizeHuffmanTables(true); // a few % smaller for weak 4G viewers
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory output: a real bug, not a bad upload
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's bytes without copying them onto the heap (uploads are up to 10 MB). */
    private static ByteBuffer map(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readHead(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(PhotoInspector.HEAD_LENGTH);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
