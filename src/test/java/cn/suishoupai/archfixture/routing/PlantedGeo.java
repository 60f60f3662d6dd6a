package cn.suishoupai.archfixture.routing;

/** The target of a wrong-way edge from media. */
public final class PlantedGeo {

    private PlantedGeo() {}

    public static double metres(double a, double b) {
        return Math.abs(a - b);
    }
}
