package cn.suishoupai.routing;

import cn.suishoupai.region.GridGeoJson;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the grid file of the import benchmark (bench/import-grids.sh): a side × side lattice of
 * grids with 120 vertices each (30 per edge), zone = "BENCH-Z" + column, far from any demo grid.
 * Usage: GridImportBenchData <output.geojson> [side=100]
 */
public final class GridImportBenchData {

    private GridImportBenchData() {}

    public static void main(String[] args) throws Exception {
        int side = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        var grids = SyntheticGrids.lattice(
                40.0, 100.0, 0.005, side, side, 30, 42L, "BENCH", col -> String.format("BENCH-Z%02d", col));
        Files.writeString(Path.of(args[0]), GridGeoJson.write(grids));
        System.out.printf(
                "%d grids written to %s (%d MB)%n", grids.size(), args[0], Files.size(Path.of(args[0])) >> 20);
    }
}
