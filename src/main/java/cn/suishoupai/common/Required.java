package cn.suishoupai.common;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.NotNull;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A value the action cannot do without: missing is a 422 {@code field.required}, as the services answered it. */
@NotNull
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({
    ElementType.FIELD,
    ElementType.PARAMETER,
    ElementType.METHOD,
    ElementType.RECORD_COMPONENT,
    ElementType.TYPE_USE
})
@Retention(RetentionPolicy.RUNTIME)
@Unprocessable
public @interface Required {

    String message() default "field.required";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
