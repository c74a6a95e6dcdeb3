package io.padic.api.common;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A string field of a request body must be well-formed Unicode: no lone surrogate (see {@link Unicode}). */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = WellFormedText.Check.class)
public @interface WellFormedText {

    String message() default "must be well-formed Unicode (it holds a lone surrogate such as \\ud800)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<WellFormedText, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return !Unicode.hasLoneSurrogate(value);
        }
    }
}
