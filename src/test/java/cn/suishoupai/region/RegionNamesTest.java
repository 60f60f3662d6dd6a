package cn.suishoupai.region;

import static org.assertj.core.api.Assertions.assertThat;

import cn.suishoupai.support.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What other packages ask of region comes in the order of region's query (docs/ARCHITECTURE.md §4: the
 * database orders, nobody re-sorts in Java): units by name then id, categories by code then id.
 */
@QuarkusTest
class RegionNamesTest {

    @Inject
    Fixtures fixtures;

    @Inject
    RegionNames names;

    private long unitNamed(String name) {
        long id = fixtures.unit(null).id;
        QuarkusTransaction.requiringNew().run(() -> Unit.<Unit>findById(id).name = name);
        return id;
    }

    @Test
    void unitsComeByNameThenId() {
        long b = unitNamed("b-消防站");
        long a1 = unitNamed("a-应急站");
        long a2 = unitNamed("a-应急站");
        List<Long> order = QuarkusTransaction.requiringNew()
                .call(() -> List.copyOf(names.units(Set.of(b, a2, a1)).keySet()));
        assertThat(order).containsExactly(a1, a2, b);
    }

    @Test
    void categoriesComeByCode() {
        HazardCategory z = fixtures.category("ZZ", true);
        HazardCategory a = fixtures.category("AA", true);
        List<String> codes = QuarkusTransaction.requiringNew()
                .call(() -> names.categories(Set.of(z.id, a.id)).values().stream()
                        .map(RegionNames.CategoryName::code)
                        .toList());
        assertThat(codes).containsExactly(a.code, z.code);
    }
}
