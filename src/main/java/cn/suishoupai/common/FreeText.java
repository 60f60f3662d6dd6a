package cn.suishoupai.common;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Free text people type (notes, reasons, comments), measured as {@link Texts} measures it: surrounding
 * space does not count, length is in characters (code points) as the varchar column counts, blank is
 * none. {@code @Size} counts UTF-16 units and would refuse text the column holds. Forbidden
 * characters are refused earlier, when the JSON is read ({@link StrictText}).
 */
@Target({FIELD, PARAMETER, METHOD, RECORD_COMPONENT, TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Unprocessable
@Constraint(validatedBy = FreeText.Check.class)
public @interface FreeText {

    int max() default Texts.NOTE_MAX;

    /** Blank counts as missing: {@link #requiredMessage}. */
    boolean required() default false;

    /** The key for "missing or blank" when {@link #required}. */
    String requiredMessage() default "field.required";

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
                ctx.buildConstraintViolationWithTemplate(rule.requiredMessage()).addConstraintViolation();
                return false;
            }
            return !Texts.tooLong(v, rule.max());
        }
    }
}
