package cn.suishoupai.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.suishoupai.common.Problem.FieldError;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StaffScopeRulesTest {

    static Stream<Arguments> table() {
        Set<Long> regions = Set.of(7L);
        Set<Long> none = Set.of();
        return Stream.of(
                // roles, unitId, regions, expected error keys (field:key)
                Arguments.of(Set.of("unit"), 3L, none, List.of()),
                Arguments.of(Set.of("unit"), null, none, List.of("unitId:scope.unit.required")),
                Arguments.of(Set.of("unit"), 3L, regions, List.of("regionIds:scope.unit.no-regions")),
                Arguments.of(Set.of("unit", "dispatcher"), 3L, none, List.of("roles:scope.unit.exclusive")),
                Arguments.of(Set.of("dispatcher"), null, regions, List.of()),
                Arguments.of(Set.of("dispatcher"), null, none, List.of("regionIds:scope.regions.required")),
                Arguments.of(Set.of("grid_worker"), null, none, List.of("regionIds:scope.regions.required")),
                Arguments.of(Set.of("grid_worker"), 3L, regions, List.of("unitId:scope.unit.only-for-unit-role")),
                Arguments.of(Set.of("admin"), null, none, List.of()),
                Arguments.of(Set.of("finance", "leader"), null, regions, List.of()),
                Arguments.of(Set.of("leader"), null, none, List.of()),
                Arguments.of(Set.of(), null, none, List.of("roles:roles.empty")),
                Arguments.of(Set.of("resident"), null, none, List.of("roles:roles.unknown")),
                Arguments.of(Set.of("superuser"), null, none, List.of("roles:roles.unknown")));
    }

    @ParameterizedTest
    @MethodSource("table")
    void check(Set<String> roles, Long unitId, Set<Long> regions, List<String> expected) {
        List<String> got = StaffScopeRules.check(roles, unitId, regions).stream()
                .map((FieldError e) -> e.field() + ":" + e.message())
                .toList();
        assertEquals(expected, got);
    }
}
