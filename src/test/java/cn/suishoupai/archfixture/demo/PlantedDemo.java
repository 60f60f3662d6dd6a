package cn.suishoupai.archfixture.demo;

/** Demo data: may use everything, used by nothing. */
public final class PlantedDemo {

    public static final int[] AMOUNTS = {5, 10};

    private PlantedDemo() {}
}
