package io.padic.api.common;

/**
 * Text that is valid Unicode. JSON escapes such as {@code "\ud800"} can spell a UTF-16 surrogate without its
 * pair, which no UTF-8 store, page or client can hold: such text is refused, not silently changed.
 */
public final class Unicode {

    private Unicode() {
    }

    /** The index of the first surrogate without its pair, or -1 if the text is valid Unicode. */
    public static int loneSurrogateAt(CharSequence text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** The text with each lone surrogate written as its escape, so it can be shown back in an error. */
    public static String escapeLoneSurrogates(String text) {
        int at = loneSurrogateAt(text);
        if (at < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, at);
        for (int i = at; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
