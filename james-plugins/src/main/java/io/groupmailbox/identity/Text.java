package io.groupmailbox.identity;

/**
 * Makes user-supplied text safe to embed in a one-line reason (an SMTP reply or a log line).
 */
final class Text {
    private static final int MAX_QUOTED_LENGTH = 80;

    private Text() {
    }

    /** Quotes {@code text}, replacing control and format characters so a reason can never span lines. */
    static String quote(String text) {
        return '"' + oneLine(text) + '"';
    }

    /** Replaces control and invisible format characters with '?' and shortens long text. */
    static String oneLine(String text) {
        StringBuilder safe = new StringBuilder();
        text.codePoints().limit(MAX_QUOTED_LENGTH).forEach(codePoint -> {
            int type = Character.getType(codePoint);
            boolean invisible = type == Character.CONTROL || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
            safe.appendCodePoint(invisible ? '?' : codePoint);
        });
        if (text.codePointCount(0, text.length()) > MAX_QUOTED_LENGTH) {
            safe.append("...");
        }
        return safe.toString();
    }
}
