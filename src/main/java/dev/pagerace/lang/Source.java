package dev.pagerace.lang;

import java.nio.file.Path;
import java.util.List;

/** One scenario or library file: its name as the user should read it, and its lines. */
public record Source(String displayName, Path path, String text, List<String> lines) {

    public static Source of(String displayName, Path path, String text) {
        return new Source(displayName, path, text, List.of(text.split("\r?\n", -1)));
    }

    public String line(int line) {
        return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
    }

    @Override public String toString() { return displayName; }
}
