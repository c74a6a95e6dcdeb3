package io.padic.dashboard.web;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bean Validation's stock messages ("must not be blank", "size must be between 0 and 200") said as a person would,
 * for the messages shown next to a form's inputs. Any other message is platform-api's own and already is.
 */
final class PlainWords {

    private record Rule(Pattern pattern, String sentence) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("must not be (blank|null|empty)"), "Fill this in."),
            new Rule(Pattern.compile("size must be between 0 and (\\d+)"), "Use at most $1 characters."),
            new Rule(Pattern.compile("size must be between 1 and (\\d+)"), "Fill this in, with at most $1 characters."),
            new Rule(Pattern.compile("size must be between (\\d+) and (\\d+)"), "Use $1 to $2 characters."),
            new Rule(Pattern.compile("must be a well-formed email address"), "Enter an e-mail address such as ada@example.com."),
            new Rule(Pattern.compile("must match \".*\""), "Use only the characters allowed here."));

    private PlainWords() {
    }

    static String of(String message) {
        if (message == null) {
            return null;
        }
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(message.trim());
            if (m.matches()) {
                return m.replaceAll(rule.sentence());
            }
        }
        return message;
    }
}
