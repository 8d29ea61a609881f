package dev.pagerace.report;

import java.util.List;

/**
 * lockdep's "Possible unsafe locking scenario" table: one column per task (or
 * CPU), each row one acquisition, in an order that deadlocks. Shared by the
 * deadlock and lock-order reports.
 */
final class UnsafeScenario {
    private static final int WIDTH = 31;

    private UnsafeScenario() {}

    /** A row: which column takes which lock, how ({@code read} prints rlock). */
    record Step(int column, String cls, String mode) {}

    static String render(List<String> columns, List<Step> steps) {
        StringBuilder b = new StringBuilder(" Possible unsafe locking scenario:\n\n");
        StringBuilder head = new StringBuilder(), dash = new StringBuilder();
        for (String c : columns) {
            head.append(pad(c));
            dash.append(pad("----"));
        }
        b.append("       ").append(head.toString().stripTrailing()).append('\n');
        b.append("       ").append(dash.toString().stripTrailing()).append('\n');
        for (Step s : steps) {
            // lockdep indents the first column's rows by 2 and its headers by 7; later columns line up with their header
            String cell = ("read".equals(s.mode()) ? "rlock(" : "lock(") + s.cls() + ");";
            int indent = s.column() == 0 ? 2 : 7 + WIDTH * s.column();
            b.append(" ".repeat(indent)).append(cell).append('\n');
        }
        return b.toString();
    }

    private static String pad(String s) {
        return s.length() >= WIDTH ? s + " " : s + " ".repeat(WIDTH - s.length());
    }
}
