package cn.suishoupai.open311;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The two formats of GeoReport v2, chosen by the path's suffix. An answer is a tree of ordered maps, lists
 * ({@link Many}: a JSON array, in XML one child element per item) and values; the XML is the spec's element structure
 * ({@code <services><service>…}), written with the JDK's XMLStreamWriter. Times are W3C date-times with the offset of
 * the service's business zone (+08:00), to the second. A null is JSON null and an empty XML element.
 */
enum Open311Format {
    JSON("application/json; charset=UTF-8"),
    XML("text/xml; charset=UTF-8");

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final DateTimeFormatter W3C = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    /** A list: in XML, each item is a {@code child} element. */
    record Many(String child, List<?> items) {}

    /** A whole answer: the XML root element, and the body (a map or a {@link Many}). */
    record Doc(String root, Object body) {}

    final String mediaType;

    Open311Format(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The format of a suffix ("json", "xml"), or null. */
    static Open311Format of(String suffix) {
        if ("json".equals(suffix)) {
            return JSON;
        }
        if ("xml".equals(suffix)) {
            return XML;
        }
        return null;
    }

    static String time(Instant t) {
        return t == null
                ? null
                : W3C.format(t.truncatedTo(ChronoUnit.SECONDS).atZone(ZONE).toOffsetDateTime());
    }

    Response response(int status, Doc doc, ObjectMapper mapper) {
        return Response.status(status)
                .type(mediaType)
                .entity(render(doc, mapper))
                .build();
    }

    String render(Doc doc, ObjectMapper mapper) {
        if (this == JSON) {
            try {
                return mapper.writeValueAsString(plain(doc.body()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement(doc.root());
            children(w, doc.body());
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static Object plain(Object v) {
        if (v instanceof Many m) {
            List<Object> out = new ArrayList<>();
            m.items().forEach(i -> out.add(plain(i)));
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> out.put((String) k, plain(x)));
            return out;
        }
        if (v instanceof Instant t) {
            return time(t);
        }
        return v;
    }

    private static void children(XMLStreamWriter w, Object body) throws XMLStreamException {
        if (body instanceof Many m) {
            for (Object item : m.items()) {
                element(w, m.child(), item);
            }
        } else if (body instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                element(w, (String) e.getKey(), e.getValue());
            }
        } else if (body != null) {
            w.writeCharacters(text(body));
        }
    }

    private static void element(XMLStreamWriter w, String name, Object value) throws XMLStreamException {
        if (value == null) {
            w.writeEmptyElement(name);
            return;
        }
        w.writeStartElement(name);
        children(w, value);
        w.writeEndElement();
    }

    private static String text(Object v) {
        if (v instanceof Instant t) {
            return time(t);
        }
        return String.valueOf(v);
    }
}
