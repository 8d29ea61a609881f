package dev.pagerace.lang;

/** A parse or semantic error, rendered as {@code file:line:col: message}, the line, and a caret. */
public record Diagnostic(Pos pos, String message) {

    public String render() {
        String text = pos.source().line(pos.line());
        StringBuilder caret = new StringBuilder();
        for (int i = 1; i < pos.col() && i <= text.length(); i++) {
            caret.append(text.charAt(i - 1) == '\t' ? '\t' : ' ');
        }
        caret.append('^');
        return pos + ": " + message + "\n    " + text + "\n    " + caret;
    }

    /** The first line only: {@code file:line:col: message}. */
    public String headline() { return pos + ": " + message; }
}
