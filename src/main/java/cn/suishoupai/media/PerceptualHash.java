package cn.suishoupai.media;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.util.Arrays;

/**
 * Standard 64-bit DCT perceptual hash ("pHash", as in Python's imagehash.phash): luma, area-averaged down to 32×32,
 * 2-D DCT-II, the 8×8 lowest frequencies (DC included) compared against their median, bits row-major, MSB first.
 *
 * <p>Why our own ~80 lines instead of a library: dev.brachtendorf:JImageHash 1.0.0 does resolve, but it needs
 * JavaFX 11 (OS-specific jars) at run time even for this hash, plus a fat JTransforms jar with unshaded
 * commons-math3 classes, and is unmaintained since 2021. The algorithm is small and, written here, its output
 * cannot drift with a library upgrade — which matters because hashes are stored and compared for years.
 *
 * <p>Thread-safe (stateless).
 */
public final class PerceptualHash {

    private static final int SIZE = 32;
    private static final int LOW = 8;
    /** COS[k][n] = cos(pi/N * (n + 0.5) * k), only the 8 lowest frequencies are ever needed. */
    private static final double[][] COS = new double[LOW][SIZE];

    static {
        for (int k = 0; k < LOW; k++) {
            for (int n = 0; n < SIZE; n++) {
                COS[k][n] = Math.cos(Math.PI / SIZE * (n + 0.5) * k);
            }
        }
    }

    private PerceptualHash() {}

    /** 64-bit hash of an image (any size, any type; alpha is ignored — flatten first if it matters). */
    public static long compute(BufferedImage image) {
        double[][] px = luma32(image);

        // separable DCT-II, keeping only LOW coefficients per axis: rows first (32×8), then columns (8×8)
        double[][] rows = new double[SIZE][LOW];
        for (int y = 0; y < SIZE; y++) {
            for (int k = 0; k < LOW; k++) {
                double s = 0;
                for (int x = 0; x < SIZE; x++) s += px[y][x] * COS[k][x];
                rows[y][k] = s;
            }
        }
        double[] coeffs = new double[LOW * LOW];
        for (int v = 0; v < LOW; v++) { // vertical frequency
            for (int u = 0; u < LOW; u++) { // horizontal frequency
                double s = 0;
                for (int y = 0; y < SIZE; y++) s += rows[y][u] * COS[v][y];
                coeffs[v * LOW + u] = s;
            }
        }

        double[] sorted = coeffs.clone();
        Arrays.sort(sorted);
        double median = (sorted[31] + sorted[32]) / 2;
        long hash = 0;
        for (int i = 0; i < 64; i++) {
            if (coeffs[i] > median) hash |= 1L << (63 - i);
        }
        return hash;
    }

    /** 16 lowercase hex characters. */
    public static String toHex(long hash) {
        return String.format("%016x", hash);
    }

    public static String computeHex(BufferedImage image) {
        return toHex(compute(image));
    }

    /** Number of differing bits between two 16-hex-char hashes (0 = same picture, ~32 = unrelated). */
    public static int hammingDistance(String hashA, String hashB) {
        return Long.bitCount(parse(hashA) ^ parse(hashB));
    }

    private static long parse(String hex) {
        if (hex == null || hex.length() != 16) {
            throw new IllegalArgumentException("expected 16 hex characters, got " + hex);
        }
        return Long.parseUnsignedLong(hex, 16);
    }

    /** Luma (ITU-R 601, like PIL "L") area-averaged into a 32×32 grid; ignores aspect ratio, as pHash does. */
    private static double[][] luma32(BufferedImage image) {
        if (image.getWidth() < SIZE || image.getHeight() < SIZE) {
            image = stretch(image); // tiny images: every output cell needs at least one source pixel
        }
        int w = image.getWidth();
        int h = image.getHeight();
        long[] sum = new long[SIZE * SIZE]; // luma * 1000, integer arithmetic
        int[] count = new int[SIZE * SIZE];
        int[] cellX = new int[w];
        for (int x = 0; x < w; x++) cellX[x] = (int) ((long) x * SIZE / w);
        byte[] bgr = plainBgr(image); // fast path for the display image; getRGB per row otherwise
        int[] row = bgr == null ? new int[w] : null;
        for (int y = 0; y < h; y++) {
            int cellRow = (int) ((long) y * SIZE / h) * SIZE;
            if (bgr == null) image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0, i = y * w * 3; x < w; x++, i += 3) {
                int r, g, b;
                if (bgr != null) {
                    b = bgr[i] & 0xFF;
                    g = bgr[i + 1] & 0xFF;
                    r = bgr[i + 2] & 0xFF;
                } else {
                    int p = row[x];
                    r = (p >> 16) & 0xFF;
                    g = (p >> 8) & 0xFF;
                    b = p & 0xFF;
                }
                int cell = cellRow + cellX[x];
                sum[cell] += 299 * r + 587 * g + 114 * b;
                count[cell]++;
            }
        }
        double[][] px = new double[SIZE][SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) px[y][x] = sum[y * SIZE + x] / (1000.0 * count[y * SIZE + x]);
        }
        return px;
    }

    private static byte[] plainBgr(BufferedImage img) {
        if (img.getType() != BufferedImage.TYPE_3BYTE_BGR) return null;
        if (!(img.getRaster().getDataBuffer() instanceof DataBufferByte)) return null;
        if (!(img.getRaster().getSampleModel() instanceof PixelInterleavedSampleModel)) return null;
        PixelInterleavedSampleModel sm =
                (PixelInterleavedSampleModel) img.getRaster().getSampleModel();
        if (sm.getScanlineStride() != img.getWidth() * 3
                || sm.getPixelStride() != 3
                || img.getRaster().getDataBuffer().getOffset() != 0
                || img.getRaster().getSampleModelTranslateX() != 0
                || img.getRaster().getSampleModelTranslateY() != 0) {
            return null;
        }
        return ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    }

    private static BufferedImage stretch(BufferedImage src) {
        BufferedImage dst = new BufferedImage(
                Math.max(SIZE, src.getWidth()), Math.max(SIZE, src.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(src, 0, 0, dst.getWidth(), dst.getHeight(), null);
        } finally {
            g.dispose();
        }
        return dst;
    }
}
