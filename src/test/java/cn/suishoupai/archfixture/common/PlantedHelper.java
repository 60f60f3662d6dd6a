package cn.suishoupai.archfixture.common;

import cn.suishoupai.archfixture.ticket.PlantedTicket;

/** Planted: common naming a feature, which also closes a cycle common ↔ ticket. */
public final class PlantedHelper {

    private PlantedHelper() {}

    public static String label(PlantedTicket ticket) {
        return "ticket " + ticket.id;
    }
}
