package dev.pagerace.lang;

import java.nio.file.Path;
import java.util.List;

/** One scenario or library file: its name as the user should read it, and its lines. */
public record Source(String displayName, Path path, String text, List<String> lines) {

    /** A UTF-8 byte order mark, which some Windows editors write first: it is skipped, not a character of the file. */
    public static final String BOM = "\uFEFF";

    public static Source of(String displayName, Path path, String text) {
        String t = text.startsWith(BOM) ? text.substring(1) : text;
        // the lines the lexer counts: \n, \r\n and a lone \r (old Mac files) each end one, so positions and the
        // quoted line agree whatever the file's line endings
        return new Source(displayName, path, t, List.copyOf(lines(t)));
    }

    private static java.util.ArrayList<String> lines(String t) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        int start = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\n' || c == '\r') {
                out.add(t.substring(start, i));
                if (c == '\r' && i + 1 < t.length() && t.charAt(i + 1) == '\n') i++;
                start = i + 1;
            }
        }
        out.add(t.substring(start));
        return out;
    }

    public String line(int line) {
        return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
    }

    @Override public String toString() { return displayName; }
}
