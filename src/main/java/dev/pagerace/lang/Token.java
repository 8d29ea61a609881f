package dev.pagerace.lang;

/** A lexical token. {@code start}/{@code end} are character offsets, used to glue hyphenated names. */
public record Token(Kind kind, String text, Pos pos, int start, int end) {
    public enum Kind { IDENT, INT, STRING, PUNCT, NEWLINE, EOF }

    public boolean is(String punctOrWord) {
        return (kind == Kind.PUNCT || kind == Kind.IDENT) && text.equals(punctOrWord);
    }

    public String describe() {
        return switch (kind) {
            case NEWLINE -> "end of line";
            case EOF -> "end of file";
            case STRING -> "string \"" + text + "\"";
            default -> "'" + text + "'";
        };
    }
}
