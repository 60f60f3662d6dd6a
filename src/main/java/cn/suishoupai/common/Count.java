package cn.suishoupai.common;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Collection;

/**
 * How many elements a list may hold, {@code min} to {@code max} (inclusive); a missing list holds none.
 * Outside is a 422 with the field's own message key (argument 0: max). Unlike {@code @Size} (a 400 for a
 * malformed request), the request is well formed and its values are not acceptable.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Unprocessable
@Constraint(validatedBy = Count.Check.class)
public @interface Count {

    int min() default 0;

    int max() default Integer.MAX_VALUE;

    String message();

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<Count, Collection<?>> {
        private Count rule;

        @Override
        public void initialize(Count rule) {
            this.rule = rule;
        }

        @Override
        public boolean isValid(Collection<?> value, ConstraintValidatorContext ctx) {
            int n = value == null ? 0 : value.size();
            return n >= rule.min() && n <= rule.max();
        }
    }
}
