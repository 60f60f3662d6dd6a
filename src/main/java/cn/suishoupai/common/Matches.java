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
import java.util.regex.Pattern;

/**
 * A string in a given format; null passes. Unlike {@code @Pattern} (a 400 for a malformed request),
 * a mismatch is a 422 with the field's own message key, as the services answered it.
 */
@Target({FIELD, PARAMETER, METHOD, RECORD_COMPONENT, TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Unprocessable
@Constraint(validatedBy = Matches.Check.class)
public @interface Matches {

    String regexp();

    String message();

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<Matches, String> {
        private Pattern pattern;

        @Override
        public void initialize(Matches rule) {
            this.pattern = Pattern.compile(rule.regexp());
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext ctx) {
            return value == null || pattern.matcher(value).matches();
        }
    }
}
