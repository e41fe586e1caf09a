package io.groupmailbox.group;

import java.util.Objects;

/**
 * A set of RFC 4314 rights, written as its letters in the RFC's order ({@code lrswipkxtea}).
 *
 * <p>Kept as plain letters in the group model; {@link GroupReconciler} turns them into James ACLs.
 */
public record Rights(String letters) {

    public static final String ALL = "lrswipkxtea";

    public Rights {
        Objects.requireNonNull(letters);
        StringBuilder canonical = new StringBuilder();
        for (char right : ALL.toCharArray()) {
            if (letters.indexOf(right) >= 0) {
                canonical.append(right);
            }
        }
        for (char letter : letters.toCharArray()) {
            if (ALL.indexOf(letter) < 0) {
                throw new IllegalArgumentException("'" + letter + "' is not an RFC 4314 right (expected letters of "
                    + ALL + ")");
            }
        }
        letters = canonical.toString();
    }

    public static Rights of(String letters) {
        return new Rights(letters);
    }

    public boolean contains(char right) {
        return letters.indexOf(right) >= 0;
    }

    @Override
    public String toString() {
        return letters;
    }
}
