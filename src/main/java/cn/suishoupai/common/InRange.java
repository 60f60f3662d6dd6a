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
 * A whole number between {@code min} and {@code max} (inclusive); null passes (pair with {@link Required}).
 * Outside is a 422 with the field's own message key (argument 0: max), as the services answered it.
 */
@Target({FIELD, PARAMETER, METHOD, RECORD_COMPONENT, TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Unprocessable
@Constraint(validatedBy = InRange.Check.class)
public @interface InRange {

    long min() default Long.MIN_VALUE;

    long max() default Long.MAX_VALUE;

    String message();

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<InRange, Number> {
        private InRange rule;

        @Override
        public void initialize(InRange rule) {
            this.rule = rule;
        }

        @Override
        public boolean isValid(Number value, ConstraintValidatorContext ctx) {
            return value == null || (value.longValue() >= rule.min() && value.longValue() <= rule.max());
        }
    }
}
