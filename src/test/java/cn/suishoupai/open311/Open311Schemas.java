package cn.suishoupai.open311;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A small JSON Schema checker for the GeoReport v2 schemas under src/test/resources/open311 (no validator library is
 * in the build): type (with null), enum, required, properties, additionalProperties false, items, minItems, maxItems,
 * minLength, minimum, maximum and format date-time (W3C, with an offset). The same schema checks the XML answer: an
 * object is an element whose child elements are its properties, an array an element whose children are all
 * {@code xmlItem} elements, the document element is {@code xmlRoot}, and an empty element stands for null.
 */
final class Open311Schemas {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** W3C date-time as GeoReport v2 uses it: seconds and an explicit offset (Z or ±hh:mm). */
    private static final Pattern W3C =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

    private Open311Schemas() {}

    static JsonNode schema(String name) {
        try (InputStream in = Open311Schemas.class.getResourceAsStream("/open311/" + name + ".schema.json")) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every violation of the schema by this JSON text; empty when it conforms. */
    static List<String> json(String schemaName, String body) {
        List<String> errors = new ArrayList<>();
        try {
            check(schema(schemaName), MAPPER.readTree(body), "$", errors);
        } catch (IOException e) {
            errors.add("not JSON: " + e.getMessage());
        }
        return errors;
    }

    /** Every violation of the schema by this XML document; empty when it conforms. */
    static List<String> xml(String schemaName, String body) {
        JsonNode schema = schema(schemaName);
        List<String> errors = new ArrayList<>();
        Element root;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            root = f.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))
                    .getDocumentElement();
        } catch (Exception e) {
            errors.add("not XML: " + e.getMessage());
            return errors;
        }
        if (!root.getTagName().equals(schema.path("xmlRoot").asText())) {
            errors.add("root element is <" + root.getTagName() + ">, not <"
                    + schema.path("xmlRoot").asText() + ">");
        }
        checkXml(schema, root, "/" + root.getTagName(), errors);
        return errors;
    }

    private static Set<String> types(JsonNode schema) {
        Set<String> out = new HashSet<>();
        JsonNode t = schema.get("type");
        if (t == null) {
            return out;
        }
        if (t.isArray()) {
            t.forEach(x -> out.add(x.asText()));
        } else {
            out.add(t.asText());
        }
        return out;
    }

    private static void check(JsonNode schema, JsonNode v, String at, List<String> errors) {
        Set<String> types = types(schema);
        if (v.isNull()) {
            if (!types.contains("null")) {
                errors.add(at + ": null is not allowed");
            }
            return;
        }
        if (!types.isEmpty()) {
            String actual = v.isObject()
                    ? "object"
                    : v.isArray()
                            ? "array"
                            : v.isTextual()
                                    ? "string"
                                    : v.isBoolean() ? "boolean" : v.isIntegralNumber() ? "integer" : "number";
            boolean ok = types.contains(actual) || (actual.equals("integer") && types.contains("number"));
            if (!ok) {
                errors.add(at + ": " + actual + " where " + types + " is expected");
                return;
            }
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) {
                found |= e.equals(v);
            }
            if (!found) {
                errors.add(at + ": " + v + " is not one of " + schema.get("enum"));
            }
        }
        if (v.isTextual()) {
            text(schema, v.asText(), at, errors);
        }
        if (v.isNumber()) {
            number(schema, v.asDouble(), at, errors);
        }
        if (v.isArray()) {
            if (schema.has("minItems") && v.size() < schema.get("minItems").asInt()) {
                errors.add(at + ": fewer than " + schema.get("minItems") + " items");
            }
            if (schema.has("maxItems") && v.size() > schema.get("maxItems").asInt()) {
                errors.add(at + ": more than " + schema.get("maxItems") + " items");
            }
            for (int i = 0; i < v.size(); i++) {
                if (schema.has("items")) {
                    check(schema.get("items"), v.get(i), at + "[" + i + "]", errors);
                }
            }
        }
        if (v.isObject()) {
            JsonNode props = schema.path("properties");
            for (JsonNode r : schema.path("required")) {
                if (!v.has(r.asText())) {
                    errors.add(at + ": required " + r.asText() + " is missing");
                }
            }
            for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (props.has(name)) {
                    check(props.get(name), v.get(name), at + "." + name, errors);
                } else if (schema.path("additionalProperties").isBoolean()
                        && !schema.get("additionalProperties").asBoolean()) {
                    errors.add(at + ": " + name + " is not a field of the spec");
                }
            }
        }
    }

    private static void text(JsonNode schema, String s, String at, List<String> errors) {
        if (schema.has("minLength")
                && s.codePointCount(0, s.length()) < schema.get("minLength").asInt()) {
            errors.add(at + ": shorter than " + schema.get("minLength"));
        }
        if ("date-time".equals(schema.path("format").asText())) {
            if (!W3C.matcher(s).matches()) {
                errors.add(at + ": " + s + " is not a W3C date-time with an offset");
            } else {
                try {
                    OffsetDateTime.parse(s);
                } catch (DateTimeParseException e) {
                    errors.add(at + ": " + s + " is not a date-time");
                }
            }
        }
    }

    private static void number(JsonNode schema, double d, String at, List<String> errors) {
        if (schema.has("minimum") && d < schema.get("minimum").asDouble()) {
            errors.add(at + ": below " + schema.get("minimum"));
        }
        if (schema.has("maximum") && d > schema.get("maximum").asDouble()) {
            errors.add(at + ": above " + schema.get("maximum"));
        }
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                out.add(c);
            }
        }
        return out;
    }

    private static void checkXml(JsonNode schema, Element e, String at, List<String> errors) {
        Set<String> types = types(schema);
        List<Element> kids = children(e);
        String text = e.getTextContent();
        boolean empty = kids.isEmpty() && text.isEmpty();
        if (types.contains("array")) {
            List<Element> items = kids;
            String item = schema.path("xmlItem").asText();
            if (schema.has("minItems") && items.size() < schema.get("minItems").asInt()) {
                errors.add(at + ": fewer than " + schema.get("minItems") + " <" + item + ">");
            }
            if (schema.has("maxItems") && items.size() > schema.get("maxItems").asInt()) {
                errors.add(at + ": more than " + schema.get("maxItems") + " <" + item + ">");
            }
            for (int i = 0; i < items.size(); i++) {
                Element c = items.get(i);
                if (!c.getTagName().equals(item)) {
                    errors.add(at + ": <" + c.getTagName() + "> where <" + item + "> is expected");
                } else if (schema.has("items")) {
                    checkXml(schema.get("items"), c, at + "/" + item + "[" + i + "]", errors);
                }
            }
            return;
        }
        if (types.contains("object")) {
            JsonNode props = schema.path("properties");
            Set<String> seen = new HashSet<>();
            for (Element c : kids) {
                String name = c.getTagName();
                if (!seen.add(name)) {
                    errors.add(at + ": <" + name + "> more than once");
                }
                if (props.has(name)) {
                    checkXml(props.get(name), c, at + "/" + name, errors);
                } else if (!schema.path("additionalProperties").asBoolean(true)) {
                    errors.add(at + ": <" + name + "> is not an element of the spec");
                }
            }
            for (JsonNode r : schema.path("required")) {
                if (!seen.contains(r.asText())) {
                    errors.add(at + ": required <" + r.asText() + "> is missing");
                }
            }
            return;
        }
        if (!kids.isEmpty()) {
            errors.add(at + ": has child elements where a value is expected");
            return;
        }
        if (empty && types.contains("null")) {
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode x : schema.get("enum")) {
                found |= x.asText().equals(text);
            }
            if (!found) {
                errors.add(at + ": " + text + " is not one of " + schema.get("enum"));
            }
            return;
        }
        if (types.contains("boolean")) {
            if (!text.equals("true") && !text.equals("false")) {
                errors.add(at + ": " + text + " is not a boolean");
            }
        } else if (types.contains("integer")) {
            if (!text.matches("-?\\d+")) {
                errors.add(at + ": " + text + " is not an integer");
            }
        } else if (types.contains("number")) {
            try {
                number(schema, Double.parseDouble(text), at, errors);
            } catch (NumberFormatException x) {
                errors.add(at + ": " + text + " is not a number");
            }
        } else if (types.contains("string")) {
            text(schema, text, at, errors);
        }
    }
}
