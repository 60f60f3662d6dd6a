package cn.suishoupai.common;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Bean Validation constraint type whose failure is a 422 {@code invalid-field}, as the same
 * check in a service answers, rather than the 400 {@code validation-failed} of a malformed request.
 * Its messages are keys of {@code i18n/problems*.properties}, written without braces. (A meta-annotation
 * rather than a payload: Bean Validation forbids a default payload.)
 */
@Target(ElementType.ANNOTATION_TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface Unprocessable {}
