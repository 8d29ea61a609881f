package dev.pagerace.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pagerace.TestScenarios;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input gets its own file:line:col message; nothing runs. */
class ScenarioErrorsTest {
    private static final String HEAD = "inode shm pages 4 backing swap\nlock glock mutex\n";

    static Stream<Arguments> cases() {
        return Stream.of(
            Arguments.of("unknown name",
                HEAD + "task t { lock nosuch }\n",
                "t.kp:3:15: unknown name 'nosuch'"),
            Arguments.of("unknown path",
                HEAD + "task t { frob(1) }\n",
                "t.kp:3:10: unknown path 'frob'"),
            Arguments.of("wrong arity",
                HEAD + "path f(a, b) { yield }\ntask t { f(1) }\n",
                "t.kp:4:10: path 'f' takes 2 arguments (a, b), got 1"),
            Arguments.of("path defined twice",
                HEAD + "path f() { yield }\npath f() { yield }\ntask t { f() }\n",
                "t.kp:4:6: path 'f' defined twice (first at t.kp:3)"),
            Arguments.of("alloc without reclaim",
                HEAD + "task t { alloc }\n",
                "t.kp:3:10: 'alloc' needs a 'reclaim' path (the code direct reclaim runs), and none is defined"),
            Arguments.of("index out of range",
                HEAD + "task t { p = find shm 4 }\n",
                "t.kp:3:23: index 4 is outside shm (pages 0..3)"),
            Arguments.of("bad range",
                HEAD + "task t { unmap shm 3..1 }\n",
                "t.kp:3:21: bad range 3..1: the end is before the start"),
            Arguments.of("range past the inode",
                HEAD + "task t { unmap shm 0..9 }\n",
                "t.kp:3:21: bad range 0..9: shm has pages 0..4 (half-open)"),
            Arguments.of("empty rand",
                HEAD + "task t { x = rand(5, 2) }\n",
                "t.kp:3:14: bad range: rand(5, 2) is empty"),
            Arguments.of("operation arity",
                HEAD + "task t { find shm }\n",
                "t.kp:3:19: 'find' takes 2 operands: find INODE INDEX (found '}')"),
            Arguments.of("lock kind mismatch",
                HEAD + "task t { down_read glock }\n",
                "t.kp:3:10: 'down_read' on glock, a mutex: use lock/unlock"),
            Arguments.of("not a lock",
                HEAD + "task t { lock shm }\n",
                "t.kp:3:15: 'lock' needs a lock, but 'shm' is an inode"),
            Arguments.of("unknown field",
                HEAD + "task t { x = shm.nope }\n",
                "t.kp:3:18: inode shm has no field or lock 'nope'"),
            Arguments.of("unknown config key",
                "config { runz 5 }\n" + HEAD + "task t { yield }\n",
                "t.kp:1:10: unknown config key 'runz' (max_call_depth, max_steps, reclaim_chance, runs, starvation_bound)"),
            Arguments.of("bad probability",
                "config { reclaim_chance 9/8 }\n" + HEAD + "task t { yield }\n",
                "t.kp:1:10: reclaim_chance must be a probability a/b with a <= b, not 9/8"),
            Arguments.of("unknown lock kind",
                "lock x semaphore\ntask t { yield }\n",
                "t.kp:1:8: unknown lock kind 'semaphore' (rwsem, mutex, spinlock, rwlock)"),
            Arguments.of("unknown expect kind",
                HEAD + "task t { yield }\nexpect default frozen\n",
                "t.kp:4:16: unknown expected result 'frozen' (clean, deadlock, starvation, stale_data, data_exposure, orphan_mapping, punch_residue, lock_order, sleep_in_atomic, assert)"),
            Arguments.of("expect on unknown variant",
                HEAD + "task t { yield }\nvariant a { }\nexpect b clean\n",
                "t.kp:5:8: expect names unknown variant 'b' (variants: a)"),
            Arguments.of("return in a task",
                HEAD + "task t { return }\n",
                "t.kp:3:10: 'return' outside a path (a task body ends at its closing brace)"),
            Arguments.of("break outside a loop",
                HEAD + "task t { break }\n",
                "t.kp:3:10: 'break' outside a loop"),
            Arguments.of("no tasks",
                HEAD,
                "t.kp:1:1: scenario has no tasks"),
            Arguments.of("unterminated block",
                HEAD + "task t { yield\n",
                "t.kp:4:1: unclosed block: expected '}'"),
            Arguments.of("garbage character",
                HEAD + "task t { yield @ }\n",
                "t.kp:3:16: unexpected character '@'"),
            Arguments.of("extra tokens",
                HEAD + "task t { yield yield }\n",
                "t.kp:3:16: 'yield' takes no operands: yield (extra operand 'yield')"),
            Arguments.of("useless expression",
                HEAD + "task t { 1 + 2 }\n",
                "t.kp:3:10: this expression does nothing: only path calls and operations can stand alone"),
            Arguments.of("inode size",
                "inode shm pages 0 backing swap\ntask t { yield }\n",
                "t.kp:1:17: an inode has 1 to 4096 pages, not 0"),
            Arguments.of("unknown backing",
                "inode shm pages 2 backing tape\ntask t { yield }\n",
                "t.kp:1:27: backing must be 'swap' or 'disk', not 'tape'"),
            Arguments.of("field on unknown inode",
                HEAD + "field nope.x = 0\ntask t { yield }\n",
                "t.kp:3:7: unknown inode 'nope' (inodes: shm)"),
            Arguments.of("assign a page attribute",
                HEAD + "path f(p) { p.uptodate = 1 }\ntask t { f(none) }\n",
                "t.kp:3:15: page state changes only through operations (set_uptodate, set_dirty, write, ...)"),
            Arguments.of("duplicate in a variant",
                HEAD + "task t { yield }\nvariant v { path f() { yield }\n path f() { yield } }\n",
                "t.kp:5:7: path 'f' defined twice in variant 'v' (first at t.kp:4)"),
            Arguments.of("reserved word as name",
                HEAD + "path lock() { yield }\ntask t { yield }\n",
                "t.kp:3:6: 'lock' is a reserved word and cannot name a path, parameter or variable"),
            Arguments.of("operation called like a function",
                HEAD + "task t { p = find(shm, 0) }\n",
                "t.kp:3:18: 'find' is an operation, written without parentheses: find INODE INDEX"),
            Arguments.of("statement run-on",
                HEAD + "task t { x = 1 y = 2 }\n",
                "t.kp:3:16: expected end of statement, found 'y'"),
            Arguments.of("unterminated string",
                "scenario x \"oops\ntask t { yield }\n",
                "t.kp:1:12: unterminated string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsPosition(String what, String text, String expected) {
        assertEquals(expected, TestScenarios.firstError(text));
    }
}
