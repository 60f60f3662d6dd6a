package cn.suishoupai.routing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.suishoupai.routing.Gazetteer.Match;
import cn.suishoupai.routing.Gazetteer.Outcome;
import cn.suishoupai.routing.Gazetteer.Place;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The address-matching rule of {@link Gazetteer}, one row per case: the address, the outcome, the place(s). */
class GazetteerTest {

    // two townships; zones with village-like names, one a prefix of another; grids named after their zones
    static final Place GUOYUAN = new Place(1, "果园镇", 1, null);
    static final Place CHUNHUA = new Place(2, "春华镇", 1, null);
    static final Place XUNLONGHE = new Place(11, "浔龙河片区", 2, 1L);
    static final Place SHUANGHE = new Place(12, "双河片区", 2, 1L);
    static final Place SHUANGHEKOU = new Place(13, "双河口片区", 2, 1L);
    static final Place TIANHAN = new Place(14, "田汉社区", 2, 1L);
    static final Place DAYU = new Place(21, "大鱼片区", 2, 2L);
    static final Place XLH_1 = new Place(111, "浔龙河片区第1网格", 3, 11L);
    static final Place XLH_13 = new Place(113, "浔龙河片区第13网格", 3, 11L);
    static final Place SH_1 = new Place(121, "双河片区第1网格", 3, 12L);
    static final Place TH_GRID = new Place(141, "网格A", 3, 14L);
    static final Place DY_GRID = new Place(211, "网格A", 3, 21L);
    static final Place TWO_GUOYUAN = new Place(3, "果园镇", 1, null);
    static final Place SHORT = new Place(15, "河", 2, 1L);

    static final List<Place> PLACES = List.of(
            GUOYUAN,
            CHUNHUA,
            XUNLONGHE,
            SHUANGHE,
            SHUANGHEKOU,
            TIANHAN,
            DAYU,
            XLH_1,
            XLH_13,
            SH_1,
            TH_GRID,
            DY_GRID,
            SHORT);

    static Stream<Arguments> cases() {
        return Stream.of(
                // a township alone
                Arguments.of("长沙县果园镇", Outcome.MATCHED, List.of(GUOYUAN)),
                // its name without the suffix
                Arguments.of("果园 新村路口", Outcome.MATCHED, List.of(GUOYUAN)),
                // a zone is more specific than its township
                Arguments.of("果园镇浔龙河片区 村口", Outcome.MATCHED, List.of(XUNLONGHE)),
                // the village's name (浔龙河村) names the zone
                Arguments.of("浔龙河村 3 组", Outcome.MATCHED, List.of(XUNLONGHE)),
                // a community
                Arguments.of("田汉社区活动中心旁", Outcome.MATCHED, List.of(TIANHAN)),
                // a grid is more specific still; 第1网格 is not inside 第13网格
                Arguments.of("浔龙河片区第1网格 路灯下", Outcome.MATCHED, List.of(XLH_1)),
                Arguments.of("浔龙河片区第13网格", Outcome.MATCHED, List.of(XLH_13)),
                // full-width digits and spaces are normalised
                Arguments.of("浔龙河片区 第１３网格", Outcome.MATCHED, List.of(XLH_13)),
                // the longer name wins where one contains the other
                Arguments.of("双河口片区码头", Outcome.MATCHED, List.of(SHUANGHEKOU)),
                Arguments.of("双河口", Outcome.MATCHED, List.of(SHUANGHEKOU)),
                Arguments.of("双河村", Outcome.MATCHED, List.of(SHUANGHE)),
                // two zones of the same township: ambiguous
                Arguments.of("浔龙河村与双河村交界", Outcome.AMBIGUOUS, List.of(SHUANGHE, XUNLONGHE)),
                // the same grid name in two zones: the zone named decides, else ambiguous
                Arguments.of("田汉社区网格A", Outcome.MATCHED, List.of(TH_GRID)),
                Arguments.of("大鱼网格A", Outcome.MATCHED, List.of(DY_GRID)),
                Arguments.of("网格A", Outcome.AMBIGUOUS, List.of(TH_GRID, DY_GRID)),
                // zones of two townships
                Arguments.of("浔龙河 大鱼", Outcome.AMBIGUOUS, List.of(DAYU, XUNLONGHE)),
                // two townships only
                Arguments.of("果园镇和春华镇之间", Outcome.AMBIGUOUS, List.of(CHUNHUA, GUOYUAN)),
                // nothing of ours; a one-character name never matches
                Arguments.of("人民路 1 号", Outcome.NONE, List.of()),
                Arguments.of("河边", Outcome.NONE, List.of()),
                Arguments.of("", Outcome.NONE, List.of()));
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @MethodSource("cases")
    void matches(String address, Outcome outcome, List<Place> expected) {
        Match m = Gazetteer.match(address, PLACES);
        assertThat(m.outcome()).isEqualTo(outcome);
        if (outcome == Outcome.MATCHED) {
            assertThat(m.place()).isEqualTo(expected.get(0));
        } else {
            assertThat(m.tied()).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sameNames")
    void twoRegionsOfTheSameNameAreAmbiguous(String address) {
        Match m = Gazetteer.match(address, List.of(GUOYUAN, TWO_GUOYUAN));
        assertThat(m.outcome()).isEqualTo(Outcome.AMBIGUOUS);
        assertThat(m.tied()).hasSize(2);
    }

    static Stream<String> sameNames() {
        return Stream.of("果园镇", "果园");
    }
}
