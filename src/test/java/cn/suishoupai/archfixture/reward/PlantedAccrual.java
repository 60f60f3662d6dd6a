package cn.suishoupai.archfixture.reward;

import cn.suishoupai.archfixture.demo.PlantedDemo;

/** Planted: a feature reading the demo data. */
public final class PlantedAccrual {

    private PlantedAccrual() {}

    public static int amount() {
        return PlantedDemo.AMOUNTS.length;
    }
}
