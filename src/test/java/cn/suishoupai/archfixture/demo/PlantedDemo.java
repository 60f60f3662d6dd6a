package cn.suishoupai.archfixture.demo;

import cn.suishoupai.archfixture.ticket.PlantedTicket;

/** Demo data: may use everything, used by nothing; it seeds every package's tables. */
public final class PlantedDemo {

    public static final int[] AMOUNTS = {5, 10};

    private PlantedDemo() {}

    public static boolean seeded() {
        return PlantedTicket.count() > 0;
    }
}
