package cn.suishoupai.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rule specificity, table-driven. The region chain is grid 4 → zone 3 → township 2 → district 1;
 * category 7 is the report's, 8 another. A rule is written "region/category" with * for any.
 */
class RuleSelectorTest {

    private static final Map<Long, Integer> CHAIN = new LinkedHashMap<>();

    static {
        CHAIN.put(4L, 3);
        CHAIN.put(3L, 2);
        CHAIN.put(2L, 1);
        CHAIN.put(1L, 0);
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // rules (id:region/category), expected winner id (0 = none)
                Arguments.of("1:2/7", 1),
                Arguments.of("1:2/*", 1),
                Arguments.of("1:2/8", 0), // another category never matches
                Arguments.of("1:9/7", 0), // another region never matches
                Arguments.of("1:1/7 2:2/7", 2), // township over district
                Arguments.of("1:2/7 2:3/7", 2), // zone over township
                Arguments.of("1:3/7 2:4/7", 2), // grid over zone
                Arguments.of("1:2/* 2:2/7", 2), // named category over any, same region
                Arguments.of("1:4/* 2:2/7", 1), // region first: grid/any beats township/named
                Arguments.of("1:3/* 2:3/7 3:1/*", 2),
                Arguments.of("1:1/* 2:1/8 3:2/8", 1), // only the any rule matches
                Arguments.of("5:4/7 1:1/* 2:2/* 3:3/* 4:4/*", 5));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("table")
    void mostSpecificWins(String rules, long expected) {
        List<RuleSelector.Considered> got = RuleSelector.select(CHAIN, 7L, parse(rules));
        assertEquals(expected, got.isEmpty() ? 0 : got.get(0).rule().id());
        for (int i = 1; i < got.size(); i++) {
            // strictly ordered: no two matching rules share a specificity
            assertEquals(true, got.get(i - 1).specificity() > got.get(i).specificity(), rules);
        }
    }

    @ParameterizedTest
    @MethodSource("unknownCategory")
    void unknownCategoryMatchesOnlyAnyRules(String rules, long expected) {
        mostSpecificWinsFor(null, rules, expected);
    }

    static Stream<Arguments> unknownCategory() {
        return Stream.of(Arguments.of("1:4/7 2:2/*", 2), Arguments.of("1:4/7", 0));
    }

    private static void mostSpecificWinsFor(Long category, String rules, long expected) {
        List<RuleSelector.Considered> got = RuleSelector.select(CHAIN, category, parse(rules));
        assertEquals(expected, got.isEmpty() ? 0 : got.get(0).rule().id());
    }

    private static Map<Long, List<RuleSelector.Rule>> parse(String rules) {
        Map<Long, List<RuleSelector.Rule>> byRegion = new HashMap<>();
        for (String r : rules.split(" ")) {
            long id = Long.parseLong(r.substring(0, r.indexOf(':')));
            long region = Long.parseLong(r.substring(r.indexOf(':') + 1, r.indexOf('/')));
            String cat = r.substring(r.indexOf('/') + 1);
            byRegion.computeIfAbsent(region, k -> new ArrayList<>())
                    .add(new RuleSelector.Rule(
                            id, cat.equals("*") ? null : Long.valueOf(cat), region, false, 100L, List.of()));
        }
        return byRegion;
    }
}
