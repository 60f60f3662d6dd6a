package cn.suishoupai.deadline;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Deadlines of the grid workers' and dispatchers' own work (issue 11), the same for every category;
 * each span as "amount UNIT", e.g. "4 WORKING_HOURS". Sign, rectify and re-check come from the
 * deadline policies.
 */
@ConfigMapping(prefix = "suishoupai.own-deadlines")
public interface OwnWorkConfig {

    /** 核实: a grid worker or dispatcher verifies a new ticket on site within this. */
    @WithDefault("2 WORKING_DAYS")
    String verify();

    /** A report in the dispatcher's queue is decided (accept, reject, merge) within this. */
    @WithDefault("4 WORKING_HOURS")
    String review();

    /** A returned ticket is dispatched again within this. */
    @WithDefault("4 WORKING_HOURS")
    String redispatch();

    /** An extension request is approved or refused within this. */
    @WithDefault("1 WORKING_DAYS")
    String decideExtension();

    /** The parsed spans. */
    record Spans(Span verify, Span review, Span redispatch, Span decideExtension) {}
}
