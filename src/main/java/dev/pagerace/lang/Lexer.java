package dev.pagerace.lang;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@code .kp} file into tokens. Newlines are tokens (statement
 * separators, like {@code ;}); consecutive ones collapse into one, and
 * {@code #} starts a comment to the end of the line.
 */
public final class Lexer {
    private static final String[] PUNCT = {
        "..", "==", "!=", "<=", ">=", "&&", "||",
        "{", "}", "(", ")", ",", ";", ".", "=", "<", ">", "+", "-", "*", "/", "%", "!"
    };

    private final Source src;
    private final String s;
    private int i;
    private int line = 1;
    private int lineStart;
    /** Lexical errors: each is recorded and the lexer goes on, so a file's later errors are reported too. */
    private final List<Diagnostic> errors = new ArrayList<>();

    public Lexer(Source src) {
        this.src = src;
        this.s = src.text();
    }

    /** The lexical errors found by {@link #tokens()}, in file order. */
    public List<Diagnostic> errors() { return errors; }

    /** Every token; a lexical error is recorded in {@link #errors()}, and the bad character or string skipped. */
    public List<Token> tokens() {
        List<Token> out = new ArrayList<>();
        while (true) {
            skipBlanksAndComments();
            if (i >= s.length()) {
                out.add(new Token(Token.Kind.EOF, "", pos(), i, i));
                return out;
            }
            char c = s.charAt(i);
            int start = i;
            Pos p = pos();
            if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') i++;
                i++;
                line++;
                lineStart = i;
                if (out.isEmpty() || out.get(out.size() - 1).kind() != Token.Kind.NEWLINE) {
                    out.add(new Token(Token.Kind.NEWLINE, "\n", p, start, i));
                }
            } else if (Character.isLetter(c) || c == '_') {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
                out.add(new Token(Token.Kind.IDENT, s.substring(start, i), p, start, i));
            } else if (Character.isDigit(c)) {
                while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
                if (i < s.length() && (Character.isLetter(s.charAt(i)) || s.charAt(i) == '_')) {
                    // a name such as "2026rfc" is glued later; digits then letters stay apart here
                }
                out.add(new Token(Token.Kind.INT, s.substring(start, i), p, start, i));
            } else if (c == '"') {
                i++;
                StringBuilder b = new StringBuilder();
                while (true) {
                    if (i >= s.length() || s.charAt(i) == '\n' || s.charAt(i) == '\r') {
                        errors.add(new Diagnostic(p, "unterminated string"));
                        break; // the string ends with its line
                    }
                    char d = s.charAt(i++);
                    if (d == '"') break;
                    if (d == '\\' && i < s.length()) {
                        char e = s.charAt(i++);
                        b.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                    } else {
                        b.append(d);
                    }
                }
                out.add(new Token(Token.Kind.STRING, b.toString(), p, start, i));
            } else {
                String punct = null;
                for (String cand : PUNCT) {
                    if (s.startsWith(cand, i)) {
                        punct = cand;
                        break;
                    }
                }
                if (punct == null) {
                    errors.add(new Diagnostic(p, "unexpected character " + describe(s.codePointAt(i))));
                    i += Character.charCount(s.codePointAt(i));
                    continue;
                }
                i += punct.length();
                out.add(new Token(Token.Kind.PUNCT, punct, p, start, i));
            }
        }
    }

    private void skipBlanksAndComments() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\f') {
                i++;
            } else if (c == '#') {
                while (i < s.length() && s.charAt(i) != '\n' && s.charAt(i) != '\r') i++;
            } else if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '\n' || s.charAt(i + 1) == '\r')) {
                // explicit line continuation, whatever the line ending
                i += s.startsWith("\r\n", i + 1) ? 3 : 2;
                line++;
                lineStart = i;
            } else {
                return;
            }
        }
    }

    /**
     * A character as an error shows it: quoted when it is printable ASCII,
     * quoted with its code point when it is another printable character,
     * and as its code point alone otherwise (a NUL, a control character).
     */
    static String describe(int cp) {
        if (cp > 0x20 && cp < 0x7F) return "'" + (char) cp + "'";
        String u = String.format("U+%04X", cp);
        if (Character.isISOControl(cp) || !Character.isDefined(cp) || Character.isWhitespace(cp) || Character.getType(cp) == Character.FORMAT
            || Character.getType(cp) == Character.SURROGATE || Character.getType(cp) == Character.PRIVATE_USE) {
            return u;
        }
        return "'" + new String(Character.toChars(cp)) + "' (" + u + ")";
    }

    private Pos pos() {
        return new Pos(src, line, i - lineStart + 1);
    }
}
