package cn.suishoupai.common;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;

/** Instants go out as ISO-8601 with the +08:00 offset of the business zone, not as UTC "Z". */
@Singleton
public class JacksonConfig implements ObjectMapperCustomizer {

    /** Run after Quarkus registers the JavaTimeModule, so this serializer is the one used. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule m = new SimpleModule("suishoupai-time");
        m.addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(Times.iso(value));
            }
        });
        mapper.registerModule(m);
    }
}
