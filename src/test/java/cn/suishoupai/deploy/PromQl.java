package cn.suishoupai.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A structural PromQL parser for MonitoringFilesTest: it accepts the expression grammar of Prometheus 2.x
 * (selectors with matchers, ranges, subqueries, offset and @, functions, aggregations with by/without,
 * binary operators with bool, on/ignoring and group_left/group_right, precedence) and reports the metric names
 * and functions an expression uses. It knows the functions and which argument must be a range vector (rate over
 * an instant vector is an error, as in Prometheus); it does not evaluate types beyond that. promtool, where
 * installed, checks the rules fully.
 */
final class PromQl {

    static final Set<String> FUNCTIONS = Set.of(
            "abs",
            "absent",
            "absent_over_time",
            "acos",
            "asin",
            "atan",
            "ceil",
            "changes",
            "clamp",
            "clamp_max",
            "clamp_min",
            "cos",
            "day_of_month",
            "day_of_week",
            "day_of_year",
            "days_in_month",
            "deg",
            "delta",
            "deriv",
            "exp",
            "floor",
            "histogram_quantile",
            "holt_winters",
            "hour",
            "idelta",
            "increase",
            "irate",
            "label_join",
            "label_replace",
            "ln",
            "log10",
            "log2",
            "minute",
            "month",
            "pi",
            "predict_linear",
            "rad",
            "rate",
            "resets",
            "round",
            "scalar",
            "sgn",
            "sin",
            "sort",
            "sort_desc",
            "sqrt",
            "tan",
            "time",
            "timestamp",
            "vector",
            "year",
            "avg_over_time",
            "min_over_time",
            "max_over_time",
            "sum_over_time",
            "count_over_time",
            "quantile_over_time",
            "stddev_over_time",
            "stdvar_over_time",
            "last_over_time",
            "present_over_time");

    /** Functions whose last argument is a range vector. */
    static final Set<String> RANGE_FUNCTIONS = Set.of(
            "absent_over_time",
            "changes",
            "delta",
            "deriv",
            "holt_winters",
            "idelta",
            "increase",
            "irate",
            "predict_linear",
            "rate",
            "resets",
            "avg_over_time",
            "min_over_time",
            "max_over_time",
            "sum_over_time",
            "count_over_time",
            "quantile_over_time",
            "stddev_over_time",
            "stdvar_over_time",
            "last_over_time",
            "present_over_time");

    static final Set<String> AGGREGATIONS = Set.of(
            "sum",
            "min",
            "max",
            "avg",
            "group",
            "stddev",
            "stdvar",
            "count",
            "count_values",
            "bottomk",
            "topk",
            "quantile");

    /** What an expression uses. */
    record Parsed(Set<String> metrics, Set<String> functions) {}

    static final class PromQlException extends RuntimeException {
        PromQlException(String message) {
            super(message);
        }
    }

    private final String src;
    private int pos;
    private final Set<String> metrics = new TreeSet<>();
    private final Set<String> functions = new TreeSet<>();

    private PromQl(String src) {
        this.src = src;
    }

    static Parsed parse(String expr) {
        PromQl p = new PromQl(expr);
        p.expr(0);
        p.skip();
        if (p.pos < p.src.length()) {
            throw p.error("unexpected '" + p.src.substring(p.pos, Math.min(p.src.length(), p.pos + 10)) + "'");
        }
        return new Parsed(p.metrics, p.functions);
    }

    // ----- expressions: precedence climbing -------------------------------------------------------------

    private static final List<List<String>> LEVELS = List.of(
            List.of("or"),
            List.of("and", "unless"),
            List.of("==", "!=", "<=", ">=", "<", ">"),
            List.of("+", "-"),
            List.of("*", "/", "%", "atan2"),
            List.of("^"));

    /** Returns whether the expression is a range vector. */
    private boolean expr(int level) {
        if (level == LEVELS.size()) {
            return unary();
        }
        boolean range = expr(level + 1);
        while (true) {
            String op = operator(LEVELS.get(level));
            if (op == null) {
                return range;
            }
            if (range) {
                throw error("a range vector cannot be an operand of '" + op + "'");
            }
            modifiers();
            // ^ is right-associative
            boolean right = level == LEVELS.size() - 1 ? expr(level) : expr(level + 1);
            if (right) {
                throw error("a range vector cannot be an operand of '" + op + "'");
            }
            range = false;
        }
    }

    private String operator(List<String> ops) {
        skip();
        for (String op : ops) {
            if (Character.isLetter(op.charAt(0))) {
                if (keyword(op)) {
                    return op;
                }
            } else if (src.startsWith(op, pos)) {
                // "<" must not take the first character of "<=", nor "=" of "=~" (no such operator here)
                if ((op.equals("<") || op.equals(">")) && src.startsWith(op + "=", pos)) {
                    continue;
                }
                pos += op.length();
                return op;
            }
        }
        return null;
    }

    private void modifiers() {
        keyword("bool");
        if (keyword("on") || keyword("ignoring")) {
            labels();
            if (keyword("group_left") || keyword("group_right")) {
                skip();
                if (peek('(')) {
                    labels();
                }
            }
        }
    }

    private boolean unary() {
        skip();
        if (peek('-') || peek('+')) {
            pos++;
            return unary();
        }
        return postfix(primary());
    }

    private boolean primary() {
        skip();
        if (pos >= src.length()) {
            throw error("expression ends too early");
        }
        char c = src.charAt(pos);
        if (c == '(') {
            pos++;
            boolean range = expr(0);
            expect(')');
            return range;
        }
        if (c == '"' || c == '\'' || c == '`') {
            string();
            return false;
        }
        if (Character.isDigit(c) || c == '.') {
            number();
            return false;
        }
        if (c == '{') {
            matchers();
            return false;
        }
        if (Character.isLetter(c) || c == '_' || c == ':') {
            String name = identifier();
            if (name.equalsIgnoreCase("inf") || name.equalsIgnoreCase("nan")) {
                return false;
            }
            if (AGGREGATIONS.contains(name)) {
                aggregation(name);
                return false;
            }
            skip();
            if (peek('(')) {
                if (!FUNCTIONS.contains(name)) {
                    throw error("unknown function '" + name + "'");
                }
                functions.add(name);
                call(name);
                return false;
            }
            metrics.add(name);
            skip();
            if (peek('{')) {
                matchers();
            }
            return false;
        }
        throw error("unexpected '" + c + "'");
    }

    /** [range], [range:step] (subquery), offset, @. */
    private boolean postfix(boolean range) {
        while (true) {
            skip();
            if (peek('[')) {
                if (range) {
                    throw error("a range of a range vector");
                }
                pos++;
                duration();
                skip();
                if (peek(':')) {
                    pos++;
                    skip();
                    if (!peek(']')) {
                        duration();
                    }
                }
                expect(']');
                range = true;
            } else if (keyword("offset")) {
                skip();
                if (peek('-')) {
                    pos++;
                }
                duration();
            } else if (peek('@')) {
                pos++;
                skip();
                if (keyword("start") || keyword("end")) {
                    expect('(');
                    expect(')');
                } else {
                    number();
                }
            } else {
                return range;
            }
        }
    }

    private void aggregation(String name) {
        skip();
        if (keyword("by") || keyword("without")) {
            labels();
        }
        expect('(');
        int args = 0;
        skip();
        if (!peek(')')) {
            do {
                if (expr(0)) {
                    throw error(name + "() takes instant vectors, not a range vector");
                }
                args++;
                skip();
            } while (consume(','));
        }
        expect(')');
        int needed = Set.of("topk", "bottomk", "quantile", "count_values").contains(name) ? 2 : 1;
        if (args != needed) {
            throw error(name + "() takes " + needed + " argument(s), found " + args);
        }
        skip();
        if (keyword("by") || keyword("without")) {
            labels();
        }
    }

    private void call(String name) {
        expect('(');
        List<Boolean> ranges = new ArrayList<>();
        skip();
        if (!peek(')')) {
            do {
                ranges.add(expr(0));
                skip();
            } while (consume(','));
        }
        expect(')');
        for (int i = 0; i < ranges.size(); i++) {
            boolean last = i == ranges.size() - 1;
            boolean wantRange = RANGE_FUNCTIONS.contains(name)
                    && (name.equals("predict_linear") || name.equals("holt_winters") ? i == 0 : last);
            if (wantRange && !ranges.get(i)) {
                throw error(name + "() needs a range vector (such as x[5m]) as argument " + (i + 1));
            }
            if (!wantRange && ranges.get(i)) {
                throw error(name + "() does not take a range vector as argument " + (i + 1));
            }
        }
        if (RANGE_FUNCTIONS.contains(name) && ranges.isEmpty()) {
            throw error(name + "() needs a range vector argument");
        }
    }

    // ----- tokens ---------------------------------------------------------------------------------------

    private void labels() {
        expect('(');
        skip();
        if (!peek(')')) {
            do {
                skip();
                identifier();
                skip();
            } while (consume(','));
        }
        expect(')');
    }

    private void matchers() {
        expect('{');
        skip();
        while (!peek('}')) {
            String label = identifier();
            skip();
            if (!(consume("=~") || consume("!~") || consume("!=") || consume("="))) {
                throw error("label matcher without an operator after '" + label + "'");
            }
            skip();
            if (label.equals("__name__")) {
                int start = pos;
                string();
                metrics.add(src.substring(start + 1, pos - 1));
            } else {
                string();
            }
            skip();
            if (!consume(',')) {
                break;
            }
            skip();
        }
        expect('}');
    }

    private String identifier() {
        skip();
        int start = pos;
        while (pos < src.length()
                && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_' || src.charAt(pos) == ':')) {
            pos++;
        }
        if (start == pos || Character.isDigit(src.charAt(start))) {
            throw error("expected a name");
        }
        return src.substring(start, pos);
    }

    private void string() {
        char quote = src.charAt(pos);
        if (quote != '"' && quote != '\'' && quote != '`') {
            throw error("expected a string");
        }
        pos++;
        while (pos < src.length() && src.charAt(pos) != quote) {
            if (src.charAt(pos) == '\\' && quote != '`') {
                pos++;
            }
            pos++;
        }
        if (pos >= src.length()) {
            throw error("unterminated string");
        }
        pos++;
    }

    private void number() {
        skip();
        int start = pos;
        if (src.startsWith("0x", pos)) {
            pos += 2;
        }
        while (pos < src.length()
                && (Character.isLetterOrDigit(src.charAt(pos))
                        || src.charAt(pos) == '.'
                        || ((src.charAt(pos) == '+' || src.charAt(pos) == '-')
                                && (src.charAt(pos - 1) == 'e' || src.charAt(pos - 1) == 'E')))) {
            pos++;
        }
        String n = src.substring(start, pos);
        if (!n.matches("0x[0-9a-fA-F]+|(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            throw error("not a number: '" + n + "'");
        }
    }

    private void duration() {
        skip();
        int start = pos;
        while (pos < src.length() && Character.isLetterOrDigit(src.charAt(pos))) {
            pos++;
        }
        String d = src.substring(start, pos);
        if (!d.matches("(\\d+(ms|s|m|h|d|w|y))+")) {
            throw error("not a duration: '" + d + "'");
        }
    }

    private boolean keyword(String word) {
        skip();
        if (src.startsWith(word, pos)) {
            int end = pos + word.length();
            if (end == src.length() || !(Character.isLetterOrDigit(src.charAt(end)) || src.charAt(end) == '_')) {
                pos = end;
                return true;
            }
        }
        return false;
    }

    private boolean peek(char c) {
        return pos < src.length() && src.charAt(pos) == c;
    }

    private boolean consume(char c) {
        skip();
        if (peek(c)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean consume(String s) {
        if (src.startsWith(s, pos)) {
            pos += s.length();
            return true;
        }
        return false;
    }

    private void expect(char c) {
        skip();
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void skip() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private PromQlException error(String message) {
        return new PromQlException(message + " at " + pos + " in: " + src.strip());
    }
}
