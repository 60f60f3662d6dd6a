package cn.suishoupai.common;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of a list. page is 0-based. A list that may be too long to count (the ticket list at a
 * county's size) counts at most a limit: then total is that limit and totalCapped is true, meaning
 * "total or more".
 */
public record Page<T>(
        List<T> items,

        @Schema(description = "the number of items in the list; with totalCapped, a lower bound (the list holds more)")
        long total,

        int page,
        int size,

        @Schema(
                description = "true when the list was not counted to its end: it holds more than total items "
                        + "(show \"total+\"); false when total is exact")
        boolean totalCapped) {

    public Page(List<T> items, long total, int page, int size) {
        this(items, total, page, size, false);
    }
}
