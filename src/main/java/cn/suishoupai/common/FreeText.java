package cn.suishoupai.common;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Free text people type (notes, reasons, comments), measured as {@link Texts} measures it: surrounding
 * space does not count, length is in characters (code points) as the varchar column counts, blank is
 * none. {@code @Size} counts UTF-16 units and would refuse text the column holds. Forbidden
 * characters are refused earlier, when the JSON is read ({@link StrictText}).
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Unprocessable
@Constraint(validatedBy = FreeText.Check.class)
public @interface FreeText {

    int max() default Texts.NOTE_MAX;

    /** Blank counts as missing: {@code field.required}. */
    boolean required() default false;

    /** The key for "too long" (argument 0: max). */
    String message() default "field.note.length";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<FreeText, String> {
        private FreeText rule;

        @Override
        public void initialize(FreeText rule) {
            this.rule = rule;
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext ctx) {
            String v = Texts.trimmed(value);
            if (v == null && rule.required()) {
                ctx.disableDefaultConstraintViolation();
                ctx.buildConstraintViolationWithTemplate("field.required").addConstraintViolation();
                return false;
            }
            return !Texts.tooLong(v, rule.max());
        }
    }
}
