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
 * A decimal number (a coordinate, metres) between {@code min} and {@code max} inclusive; null passes (pair with
 * {@link Required}). Outside, NaN or infinite is a 422 with the field's own message key. {@link InRange} is for whole
 * numbers.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Unprocessable
@Constraint(validatedBy = DecimalRange.Check.class)
public @interface DecimalRange {

    double min();

    double max();

    String message();

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<DecimalRange, Number> {
        private DecimalRange rule;

        @Override
        public void initialize(DecimalRange rule) {
            this.rule = rule;
        }

        @Override
        public boolean isValid(Number value, ConstraintValidatorContext ctx) {
            if (value == null) {
                return true;
            }
            double d = value.doubleValue();
            return d >= rule.min() && d <= rule.max(); // false for NaN
        }
    }
}
