package cn.suishoupai.common;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Names each Page schema after the schema of its items (PageTicketSummary). SmallRye names a
 * Page&lt;T&gt; after T's Java simple name, ignoring T's @Schema(name), so two features' Summary
 * records would come out as PageSummary and PageSummary1.
 */
@OpenApiFilter
public class PageSchemaNames implements OASFilter {

    private static final String PREFIX = "#/components/schemas/";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        Components components = api.getComponents();
        if (components == null || components.getSchemas() == null) {
            return;
        }
        Map<String, String> renamed = new HashMap<>();
        Map<String, Schema> schemas = new TreeMap<>(); // the document lists schemas alphabetically
        components.getSchemas().forEach((name, schema) -> {
            String target = pageName(name, schema);
            if (!target.equals(name)) {
                renamed.put(PREFIX + name, PREFIX + target);
            }
            schemas.put(target, schema);
        });
        if (renamed.isEmpty()) {
            return;
        }
        components.setSchemas(schemas);
        schemas.values().forEach(s -> relink(s, renamed));
        if (api.getPaths() != null && api.getPaths().getPathItems() != null) {
            api.getPaths()
                    .getPathItems()
                    .values()
                    .forEach(item -> item.getOperations().values().forEach(op -> {
                        if (op.getRequestBody() != null) {
                            relink(op.getRequestBody().getContent(), renamed);
                        }
                        if (op.getResponses() != null && op.getResponses().getAPIResponses() != null) {
                            op.getResponses().getAPIResponses().values().forEach(r -> relink(r.getContent(), renamed));
                        }
                    }));
        }
    }

    private static String pageName(String name, Schema schema) {
        if (!name.startsWith("Page") || schema.getProperties() == null) {
            return name;
        }
        Schema items = schema.getProperties().get("items");
        String ref = items == null || items.getItems() == null
                ? null
                : items.getItems().getRef();
        return ref != null && ref.startsWith(PREFIX) ? "Page" + ref.substring(PREFIX.length()) : name;
    }

    private static void relink(Content content, Map<String, String> renamed) {
        if (content != null && content.getMediaTypes() != null) {
            content.getMediaTypes().values().forEach(m -> relink(m.getSchema(), renamed));
        }
    }

    private static void relink(Schema schema, Map<String, String> renamed) {
        if (schema == null) {
            return;
        }
        if (schema.getRef() != null && renamed.containsKey(schema.getRef())) {
            schema.setRef(renamed.get(schema.getRef()));
        }
        relink(schema.getItems(), renamed);
        relink(schema.getAdditionalPropertiesSchema(), renamed);
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(p -> relink(p, renamed));
        }
        Stream.of(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())
                .filter(Objects::nonNull)
                .forEach(list -> list.forEach(s -> relink(s, renamed)));
    }
}
