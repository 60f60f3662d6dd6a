package cn.suishoupai.archfixture.media;

import cn.suishoupai.archfixture.routing.PlantedGeo;

/** Planted: media (which may use only common) uses routing; a wrong direction without a cycle. */
public final class PlantedPhoto {

    private PlantedPhoto() {}

    public static boolean near(double a, double b) {
        return PlantedGeo.metres(a, b) < 100;
    }
}
