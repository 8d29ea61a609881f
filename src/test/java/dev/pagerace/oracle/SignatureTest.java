package dev.pagerace.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.TestScenarios;
import dev.pagerace.engine.Outcome;
import dev.pagerace.engine.PureRunner;
import dev.pagerace.engine.RandomStrategy;
import dev.pagerace.engine.RunResult;
import dev.pagerace.program.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A violation's signature names the bug, not the run: same across seeds and task instances, different across bugs. */
class SignatureTest {
    private static final String FILE = "scenarios/shmem-fallocate.kp";

    /** Deadlocks of the first {@code n} seeds, by signature, with the seeds that showed each. */
    private static Map<String, List<RunResult>> deadlocks(Program p, int n) {
        Map<String, List<RunResult>> out = new TreeMap<>();
        for (long seed = 0; seed < n; seed++) {
            RunResult r = PureRunner.run(p, new RandomStrategy(seed), seed, false);
            if (r.outcome() instanceof Outcome.Violated v && v.violation() instanceof Violation.Deadlock d) {
                out.computeIfAbsent(d.signature(), k -> new ArrayList<>()).add(r);
            }
        }
        return out;
    }

    private static Violation.Deadlock deadlockOf(RunResult r) {
        return (Violation.Deadlock) ((Outcome.Violated) r.outcome()).violation();
    }

    @Test void twoSeedsOfTheRfc2026SelfDeadlockShareOneSignature() {
        Program p = TestScenarios.file(FILE, "rfc-2026");
        List<RunResult> self = new ArrayList<>();
        for (long seed = 0; seed < 200 && self.size() < 2; seed++) {
            RunResult r = PureRunner.run(p, new RandomStrategy(seed), seed, false);
            if (r.outcome() instanceof Outcome.Violated v && v.violation() instanceof Violation.Deadlock d && d.cycle().size() == 1) self.add(r);
        }
        assertEquals(2, self.size(), "two seeds of the self-deadlock within 200 runs");
        RunResult a = self.get(0);
        RunResult b = self.get(1);
        assertNotEquals(a.steps(), b.steps(), "two different runs");
        String sig = deadlockOf(a).signature();
        assertEquals(sig, deadlockOf(b).signature());
        // Usama Arif's deadlock: writeout() wants invalidate_lock shared while fallocate() holds it exclusive
        assertEquals("deadlock: invalidate_lock{read} at actors/shmem-rfc-2026.kp:54 in writeout()"
            + " held{write} at actors/shmem-rfc-2026.kp:20 in fallocate()", sig);
    }

    @Test void anAbbaBetweenTaskInstancesHasOneSignatureWhicheverInstancesAndSeed() {
        Program p = TestScenarios.one("""
            lock a mutex
            lock b mutex
            task fwd * 2 { repeat 3 { lock a ; lock b ; unlock b ; unlock a } }
            task rev * 2 { repeat 3 { lock b ; lock a ; unlock a ; unlock b } }
            """);
        Map<String, List<RunResult>> bySig = deadlocks(p, 300);
        List<RunResult> abba = new ArrayList<>();
        bySig.values().forEach(abba::addAll);
        assertTrue(abba.size() >= 2, "the ABBA is found by several seeds: " + abba.size());
        TreeSet<List<String>> taskSets = new TreeSet<>((x, y) -> x.toString().compareTo(y.toString()));
        for (RunResult r : abba) taskSets.add(deadlockOf(r).cycle().stream().map(Violation.Waiting::task).sorted().toList());
        assertTrue(taskSets.size() > 1, "different instances deadlock in different seeds: " + taskSets);
        assertEquals(1, bySig.size(), "one bug, one signature: " + bySig.keySet());
        String sig = bySig.keySet().iterator().next();
        assertFalse(sig.contains("fwd-") || sig.contains("rev-"), "no task instance in the signature: " + sig);
    }

    @Test void theTwoInodeVariantShowsSeveralDistinctDeadlocks() {
        Map<String, List<RunResult>> bySig = deadlocks(TestScenarios.file(FILE, "rfc-2026-two-inodes"), 300);
        assertTrue(bySig.size() > 1, "distinct cycles get distinct signatures: " + bySig.keySet());
        // the cross-inode ABBA through reclaim: two fallocators, each in writeout() wanting the other's invalidate_lock
        String writeout = "invalidate_lock{read} at actors/shmem-rfc-2026.kp:54 in writeout() held{write} at actors/shmem-rfc-2026.kp:20 in fallocate()";
        assertTrue(bySig.containsKey("deadlock: " + writeout + " -> " + writeout),
            "the cross-inode ABBA is one of them: " + bySig.keySet());
    }

    @Test void aCycleReadsTheSameFromWhicheverTaskItWasFound() {
        Violation.Waiting x = waiting("t1", "a", "lock a at f.kp:3", "t2", "f.kp:7");
        Violation.Waiting y = waiting("t2", "b", "lock b at f.kp:8", "t1", "f.kp:2");
        Violation.Waiting z = waiting("t3", "c", "lock c at f.kp:9", "t1", "f.kp:1");
        Violation.Deadlock d1 = new Violation.Deadlock(10, List.of(x, y), List.of(x, y));
        Violation.Deadlock d2 = new Violation.Deadlock(99, List.of(y, x), List.of(y, x));
        assertEquals(d1.signature(), d2.signature());
        Violation.Deadlock other = new Violation.Deadlock(10, List.of(x, z), List.of(x, z));
        assertNotEquals(d1.signature(), other.signature());
        assertEquals(8, Violation.signatureId(d1.signature()).length());

        LockEdge ab = new LockEdge("a", "write", "b", "write", "t1", "f.kp:2", "", "f.kp:3", "", 1, false);
        LockEdge ba = new LockEdge("b", "write", "a", "write", "t2", "f.kp:7", "", "f.kp:8", "", 5, false);
        assertEquals(new Violation.LockOrder(List.of(ab, ba)).signature(), new Violation.LockOrder(List.of(ba, ab.withSeed(77))).signature());
    }

    private static Violation.Waiting waiting(String task, String cls, String where, String holder, String heldAt) {
        Violation.Holding h = new Violation.Holding(holder, "i." + cls, cls, "write", heldAt, "");
        return new Violation.Waiting(task, "i." + cls, cls, "write", where, "", "held by " + holder, List.of(h), List.of());
    }
}
