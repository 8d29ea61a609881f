package dev.pagerace.program;

import dev.pagerace.lang.Pos;
import java.util.List;

/** A compiled path (or task body): parameters are locals 0..params-1. */
public record PathCode(String name, Pos pos, int params, List<String> localNames, Insn[] code) {
    public int locals() { return localNames.size(); }
}
