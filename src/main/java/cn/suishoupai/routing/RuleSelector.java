package cn.suishoupai.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Picks the routing rule for a grid and category. The most specific rule wins: first by region
 * (grid over zone over township over district), then a named category over "any". Two rules of
 * equal specificity can only both match if they have the same category and region, which the
 * database forbids for active rules, so the choice is always unique. Pure; unit-tested.
 */
public final class RuleSelector {

    private RuleSelector() {}

    /** A rule as the router sees it. categoryId null = any category. */
    public record Rule(
            long id,
            Long categoryId,
            long regionId,
            boolean territorial,
            Long leadUnitId,
            List<Long> assistingUnitIds) {}

    /** A rule that matched, with its specificity; the first of the list is the winner. */
    public record Considered(Rule rule, int regionDepth, boolean namedCategory, int specificity) {}

    /**
     * @param chain      region ids from the grid up to the root, with their depth (grid = 3 … district = 0)
     * @param categoryId the report's category, or null when unknown (then only "any" rules match)
     * @param rulesByRegion active rules grouped by region id
     * @return matching rules, most specific first (empty: no rule applies)
     */
    public static List<Considered> select(
            Map<Long, Integer> chain, Long categoryId, Map<Long, List<Rule>> rulesByRegion) {
        List<Considered> matched = new ArrayList<>();
        for (Map.Entry<Long, Integer> link : chain.entrySet()) {
            for (Rule r : rulesByRegion.getOrDefault(link.getKey(), List.of())) {
                boolean named = r.categoryId() != null;
                if (named && !Objects.equals(r.categoryId(), categoryId)) {
                    continue;
                }
                matched.add(new Considered(r, link.getValue(), named, specificity(link.getValue(), named)));
            }
        }
        matched.sort(Comparator.comparingInt(Considered::specificity)
                .reversed()
                .thenComparingLong(c -> c.rule().id()));
        return matched;
    }

    /** Region depth dominates; a named category breaks ties within one region level. */
    public static int specificity(int regionDepth, boolean namedCategory) {
        return regionDepth * 2 + (namedCategory ? 1 : 0);
    }
}
