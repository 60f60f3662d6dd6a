package cn.suishoupai.identity;

import cn.suishoupai.common.Problem.FieldError;
import java.util.List;

/** Staff passwords: at least 8 characters with a letter and a digit. */
final class PasswordRules {

    private PasswordRules() {}

    static List<FieldError> check(String field, String password) {
        if (password == null
                || password.length() < 8
                || password.length() > 128
                || password.chars().noneMatch(Character::isLetter)
                || password.chars().noneMatch(Character::isDigit)) {
            return List.of(new FieldError(field, "password.weak"));
        }
        return List.of();
    }
}
