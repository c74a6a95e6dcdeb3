package io.padic.api.identity;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import io.padic.api.common.ApiProblem;
import io.padic.api.common.PadicConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a new password must be: 8 characters to 72 bytes (bcrypt's limit), and hard to guess by zxcvbn's
 * estimate (common passwords, keyboard walks, repeats, dates, the user's own e-mail or name are refused).
 */
@ApplicationScoped
public class PasswordPolicy {

    private final Zxcvbn estimator = new Zxcvbn();
    private final int minScore;

    public PasswordPolicy(PadicConfig config) {
        this.minScore = config.auth().passwordMinScore();
    }

    /** Refuses {@code password} with a 422 naming the field and saying why; {@code context} are the user's own words. */
    public void check(String password, String... context) {
        if (password.length() < 8) {
            throw ApiProblem.invalid("password", "must be at least 8 characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > 72) {
            throw ApiProblem.invalid("password", "must be at most 72 bytes in UTF-8 (a bcrypt limit)");
        }
        Strength strength = estimator.measure(password, words(context));
        if (strength.getScore() < minScore) {
            throw ApiProblem.invalid("password", why(strength));
        }
    }

    /** The user's own strings and their parts ("ada.lovelace@example.com" gives "ada", "lovelace", ...). */
    private static List<String> words(String... context) {
        List<String> words = new ArrayList<>();
        for (String text : context) {
            words.add(text);
            for (String part : text.split("[^\\p{L}\\p{N}]+")) {
                if (part.length() >= 3) {
                    words.add(part);
                }
            }
        }
        return words;
    }

    /** "is too easy to guess: This is a top-10 common password. Add another word or two. ..." */
    private static String why(Strength strength) {
        String warning = strength.getFeedback().getWarning(Locale.ENGLISH);
        List<String> parts = new ArrayList<>();
        parts.add(warning == null || warning.isBlank() ? "is too easy to guess."
                : "is too easy to guess: " + warning + (warning.endsWith(".") ? "" : "."));
        parts.addAll(strength.getFeedback().getSuggestions(Locale.ENGLISH));
        return String.join(" ", parts);
    }
}
