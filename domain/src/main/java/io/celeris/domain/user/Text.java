package io.celeris.domain.user;

/** Checks shared by the textual value types. */
final class Text {

    private Text() {
    }

    /** True when the text holds a control or format character (C0, C1, DEL, bidi overrides, ...). */
    static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                    || cp == 0x2028 || cp == 0x2029) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }
}
