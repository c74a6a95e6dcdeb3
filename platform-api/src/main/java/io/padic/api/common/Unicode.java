package io.padic.api.common;

/**
 * Text checks that JSON cannot do for us: a JSON string may carry a lone UTF-16 surrogate ({@code "\ud800"}),
 * which no UTF-8 encoder, password hash or store can represent faithfully.
 */
public final class Unicode {

    private Unicode() {
    }

    /** True if {@code text} holds a high surrogate without its low one, or a low one without its high one. */
    public static boolean hasLoneSurrogate(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
