package cn.suishoupai.routing;

import cn.suishoupai.region.GridCoverage;
import cn.suishoupai.region.GridGeoJson;
import cn.suishoupai.region.GridGeoJson.GridFeature;
import cn.suishoupai.routing.GridIndex.IndexedGrid;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Routing and import cost over 10,000 synthetic grids (100 x 100 lattice of 0.01° cells).
 * {@code verticesPerEdge} 13 and 50 give cells of 52 and 200 vertices, the two ends of the
 * 50-200 range seen in real grid data.
 *
 * <pre>
 * ./mvnw -q test-compile exec:exec [-Djmh.args="GridIndexBenchmark.lookup -p verticesPerEdge=50"]
 * </pre>
 */
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Threads(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GridIndexBenchmark {

    static final int ROWS = 100;
    static final int COLS = 100;
    static final double MIN_LAT = 28.0;
    static final double MIN_LNG = 120.0;
    static final double CELL = 0.01;
    static final int POINTS = 100_000;

    static List<GridFeature> lattice(int verticesPerEdge) {
        // One zone (township) per 10 columns: 10 townships of 1,000 grids.
        return SyntheticGrids.lattice(
                MIN_LAT, MIN_LNG, CELL, ROWS, COLS, verticesPerEdge, 20240601L, "BM", col -> "Z" + (col / 10));
    }

    static List<IndexedGrid> indexed(List<GridFeature> features) {
        List<IndexedGrid> grids = new ArrayList<>(features.size());
        for (GridFeature f : features) {
            grids.add(new IndexedGrid(f.index() + 1L, f.code(), f.geometry()));
        }
        return grids;
    }

    @State(Scope.Benchmark)
    public static class IndexState {
        @Param({"13", "50"})
        public int verticesPerEdge;

        GridIndex index;
        double[] lats;
        double[] lngs;

        @Setup(Level.Trial)
        public void setUp() {
            index = new GridIndex(indexed(lattice(verticesPerEdge)));
            SplittableRandom random = new SplittableRandom(7);
            lats = new double[POINTS];
            lngs = new double[POINTS];
            for (int i = 0; i < POINTS; i++) {
                lats[i] = MIN_LAT + random.nextDouble() * ROWS * CELL;
                lngs[i] = MIN_LNG + random.nextDouble() * COLS * CELL;
            }
        }
    }

    /** Per-thread cursor over the pre-generated points. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        int advance() {
            int i = next;
            next = i + 1 == POINTS ? 0 : i + 1;
            return i;
        }
    }

    @State(Scope.Benchmark)
    public static class ImportState {
        @Param({"13", "50"})
        public int verticesPerEdge;

        byte[] geoJson;
        List<GridFeature> features;

        @Setup(Level.Trial)
        public void setUp() {
            features = lattice(verticesPerEdge);
            geoJson = GridGeoJson.write(features).getBytes(StandardCharsets.UTF_8);
            System.out.printf("%n[import] %d grids, GeoJSON %.1f MB%n", features.size(), geoJson.length / 1e6);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public GridIndex.Lookup lookupThroughput(IndexState state, Cursor cursor) {
        int i = cursor.advance();
        return state.index.lookup(state.lats[i], state.lngs[i]);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public GridIndex.Lookup lookupLatency(IndexState state, Cursor cursor) {
        int i = cursor.advance();
        return state.index.lookup(state.lats[i], state.lngs[i]);
    }

    /** The import path: parse + validate 10,000 grids, then build the routing index. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public GridIndex parseAndBuildIndex(ImportState state) {
        GridGeoJson.Parsed parsed = GridGeoJson.parse(state.geoJson);
        if (parsed.hasErrors() || parsed.features().size() != ROWS * COLS) {
            throw new IllegalStateException("synthetic import failed: " + parsed.errors());
        }
        return new GridIndex(indexed(parsed.features()));
    }

    /** Import report analysis: overlaps over all grids, gaps per township. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public int coverageReport(ImportState state) {
        int findings = GridCoverage.overlaps(state.features).size();
        Map<String, List<GridFeature>> byZone =
                state.features.stream().collect(Collectors.groupingBy(GridFeature::zoneCode));
        for (Map.Entry<String, List<GridFeature>> zone : byZone.entrySet()) {
            findings += GridCoverage.gaps(zone.getKey(), zone.getValue()).size();
        }
        if (findings != 0) {
            throw new IllegalStateException("synthetic lattice should be clean, found " + findings);
        }
        return findings;
    }
}
