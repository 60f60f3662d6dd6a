package cn.suishoupai.archfixture.stray;

/** Planted: a package that is not in the layering table. */
public final class PlantedStray {

    private PlantedStray() {}
}
