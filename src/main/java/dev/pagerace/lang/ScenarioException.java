package dev.pagerace.lang;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a scenario cannot be loaded; carries every diagnostic found. */
public final class ScenarioException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<Diagnostic> diagnostics;

    public ScenarioException(List<Diagnostic> diagnostics) {
        super(diagnostics.isEmpty() ? "scenario error" : diagnostics.get(0).headline());
        this.diagnostics = List.copyOf(diagnostics);
    }

    public ScenarioException(Pos pos, String message) {
        this(List.of(new Diagnostic(pos, message)));
    }

    public List<Diagnostic> diagnostics() { return diagnostics; }

    public String render() {
        return diagnostics.stream().map(Diagnostic::render).collect(Collectors.joining("\n"));
    }
}
