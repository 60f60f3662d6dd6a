package cn.suishoupai.deadline;

import cn.suishoupai.common.Unprocessable;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A working period as an admin writes it, {@code HH:mm-HH:mm}, start before end, no later than 24:00
 * ({@link WorkCalendar.Period#parse}); missing is not a period. A 422 {@code field.period.format}.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Unprocessable
@Constraint(validatedBy = PeriodText.Check.class)
public @interface PeriodText {

    String message() default "field.period.format";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<PeriodText, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext ctx) {
            if (value == null) {
                return false;
            }
            try {
                WorkCalendar.Period.parse(value);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }
}
