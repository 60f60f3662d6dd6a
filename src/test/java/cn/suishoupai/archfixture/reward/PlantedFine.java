package cn.suishoupai.archfixture.reward;

import cn.suishoupai.archfixture.ticket.PlantedTicket;

/** Planted: reward queries ticket's entity itself (static Panache calls) instead of asking ticket. */
public final class PlantedFine {

    private PlantedFine() {}

    public static String titleOf(long ticketId) {
        PlantedTicket t = PlantedTicket.findById(ticketId);
        return t == null ? null : t.title;
    }

    public static long titled() {
        return PlantedTicket.count("title is not null");
    }

    /** Compliant: reads the fields of a ticket its owner handed over. */
    public static String label(PlantedTicket handedOver) {
        return handedOver.title;
    }
}
