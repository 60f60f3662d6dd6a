package cn.suishoupai.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Every string read from JSON — request bodies of endpoints that exist today and of those added
 * later — passes {@link Texts#forbiddenAt}: one line unless the property is free text
 * ({@link Texts#MULTI_LINE_FIELDS} or {@link MultiLine}). A refused value is {@link InvalidText},
 * which {@link ProblemMappers} answers as 422 {@code invalid-text} naming the field. Object keys
 * are checked too.
 */
@Singleton
public class StrictText implements ObjectMapperCustomizer {

    /** Allows TAB, CR and LF in a JSON string property whose name is not one of the free-text names. */
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface MultiLine {}

    /** A string from a client holding a forbidden character; the path names the field. */
    public static final class InvalidText extends MismatchedInputException {
        private final int codePoint;

        InvalidText(JsonParser p, int codePoint) {
            super(p, "forbidden character", String.class);
            this.codePoint = codePoint;
        }

        public int codePoint() {
            return codePoint;
        }
    }

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule m = new SimpleModule("suishoupai-strict-text");
        m.addDeserializer(String.class, new Checked(false));
        m.addKeyDeserializer(String.class, new KeyDeserializer() {
            @Override
            public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
                int at = Texts.forbiddenAt(key, false);
                if (at >= 0) {
                    throw new InvalidText(ctxt.getParser(), key.codePointAt(at));
                }
                return key;
            }
        });
        mapper.registerModule(m);
    }

    static final class Checked extends StdScalarDeserializer<String> implements ContextualDeserializer {
        private final boolean multiLine;

        Checked(boolean multiLine) {
            super(String.class);
            this.multiLine = multiLine;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            if (property == null) {
                return this;
            }
            boolean ml = property.getAnnotation(MultiLine.class) != null || Texts.multiLine(property.getName());
            return ml == multiLine ? this : new Checked(ml);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String s = StringDeserializer.instance.deserialize(p, ctxt);
            int at = Texts.forbiddenAt(s, multiLine);
            if (at >= 0) {
                throw new InvalidText(p, s.codePointAt(at));
            }
            return s;
        }

        @Override
        public boolean isCachable() {
            return true;
        }
    }
}
