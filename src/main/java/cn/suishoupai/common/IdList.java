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
import java.util.HashSet;
import java.util.Objects;

/**
 * A list of ids acted on at once: at least one ({@code field.required}), none null ({@link #nullMessage}),
 * at most {@code max} different ones ({@link #message}, argument 0: max). Repeated ids count once.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Unprocessable
@Constraint(validatedBy = IdList.Check.class)
public @interface IdList {

    int max();

    /** The key for "too many" (argument 0: max). */
    String message();

    String nullMessage();

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<IdList, Collection<?>> {
        private IdList rule;

        @Override
        public void initialize(IdList rule) {
            this.rule = rule;
        }

        @Override
        public boolean isValid(Collection<?> ids, ConstraintValidatorContext ctx) {
            if (ids == null || ids.isEmpty()) {
                return refuse(ctx, "field.required");
            }
            if (ids.stream().anyMatch(Objects::isNull)) {
                return refuse(ctx, rule.nullMessage());
            }
            return new HashSet<>(ids).size() <= rule.max();
        }

        private static boolean refuse(ConstraintValidatorContext ctx, String key) {
            ctx.disableDefaultConstraintViolation();
            ctx.buildConstraintViolationWithTemplate(key).addConstraintViolation();
            return false;
        }
    }
}
