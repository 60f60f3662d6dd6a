package cn.suishoupai.routing;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which of our own regions an address names (issue 16: an Open311 {@code address_string} without a point). A pure
 * rule, no geocoding service: the address is matched against the names of the regions in scope — townships, zones
 * (the village/community 片区) and grids.
 *
 * <ol>
 *   <li>Texts are compared after NFKC (full-width letters and digits become ASCII), without white space and case.
 *   <li>A region's terms are its name and, for a township or zone, its name without an administrative suffix (片区,
 *       社区, 街道, 村委会, 居委会, 村, 镇, 乡: 浔龙河片区 is also 浔龙河); a term shorter than two characters never matches.
 *   <li>A region is named where one of its terms occurs in the address, unless that occurrence lies inside a longer
 *       occurrence of another region's term (双河口 names 双河口, not also 双河).
 *   <li>The most specific level named wins (grid, then zone, then township). Of several regions named at that level,
 *       the one with the most of its ancestors named too wins (浔龙河片区第1网格 over 双河片区第1网格 when the address
 *       says 浔龙河); a tie is ambiguous and nothing is chosen.
 * </ol>
 */
public final class Gazetteer {

    /** A region that may be named: its depth is 1 township, 2 zone, 3 grid. */
    public record Place(long id, String name, int depth, Long parentId) {}

    public enum Outcome {
        MATCHED,
        NONE,
        AMBIGUOUS
    }

    /** The place chosen (MATCHED), or the places tied at the most specific level (AMBIGUOUS), or nothing (NONE). */
    public record Match(Outcome outcome, Place place, List<Place> tied) {}

    static final List<String> SUFFIXES = List.of("村委会", "居委会", "片区", "社区", "街道", "村", "镇", "乡");

    private Gazetteer() {}

    /** Text as compared: NFKC, no white space, lower case. */
    static String normalise(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC)
                .replaceAll("[\\s\\p{Z}]+", "")
                .toLowerCase(Locale.ROOT);
    }

    /** The terms a place is named by (normalised, at least two characters). */
    static List<String> terms(Place p) {
        List<String> out = new ArrayList<>();
        String name = normalise(p.name());
        if (name.length() >= 2) {
            out.add(name);
        }
        if (p.depth() <= 2) {
            for (String suffix : SUFFIXES) {
                if (name.endsWith(suffix)) {
                    String core = name.substring(0, name.length() - suffix.length());
                    if (core.length() >= 2) {
                        out.add(core);
                    }
                    break;
                }
            }
        }
        return out;
    }

    private record Occurrence(Place place, int start, int end) {
        boolean inside(Occurrence o) {
            return o.place.id() != place.id() && o.start <= start && end <= o.end && o.end - o.start > end - start;
        }
    }

    /** The region this address names among {@code places} (the regions in scope, each with its parent if in scope). */
    public static Match match(String address, Collection<Place> places) {
        if (address == null) {
            return new Match(Outcome.NONE, null, List.of());
        }
        String text = normalise(address);
        List<Occurrence> all = new ArrayList<>();
        for (Place p : places) {
            for (String term : terms(p)) {
                for (int i = text.indexOf(term); i >= 0; i = text.indexOf(term, i + 1)) {
                    all.add(new Occurrence(p, i, i + term.length()));
                }
            }
        }
        Map<Long, Place> named = all.stream()
                .filter(o -> all.stream().noneMatch(o::inside))
                .map(Occurrence::place)
                .collect(Collectors.toMap(Place::id, Function.identity(), (a, b) -> a));
        if (named.isEmpty()) {
            return new Match(Outcome.NONE, null, List.of());
        }
        int deepest = named.values().stream().mapToInt(Place::depth).max().orElseThrow();
        Map<Long, Place> byId = places.stream().collect(Collectors.toMap(Place::id, Function.identity(), (a, b) -> a));
        List<Place> level = named.values().stream()
                .filter(p -> p.depth() == deepest)
                .sorted(Comparator.comparing(Place::name).thenComparing(Place::id))
                .toList();
        int best = -1;
        List<Place> tied = new ArrayList<>();
        for (Place p : level) {
            int support = 0;
            for (Long a = p.parentId();
                    a != null && byId.containsKey(a);
                    a = byId.get(a).parentId()) {
                if (named.containsKey(a)) {
                    support++;
                }
            }
            if (support > best) {
                best = support;
                tied.clear();
            }
            if (support == best) {
                tied.add(p);
            }
        }
        return tied.size() == 1
                ? new Match(Outcome.MATCHED, tied.get(0), List.of())
                : new Match(Outcome.AMBIGUOUS, null, List.copyOf(tied));
    }
}
