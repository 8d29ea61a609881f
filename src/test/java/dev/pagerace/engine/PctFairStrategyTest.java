package dev.pagerace.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.model.Envelope;
import dev.pagerace.model.Msg;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** pct's and fair's delivery rules on hand-made pending sets. */
class PctFairStrategyTest {
    /** Pending envelopes acting for these tasks, in send order. */
    private static List<Envelope> pending(int... tasks) {
        List<Envelope> out = new ArrayList<>();
        for (int i = 0; i < tasks.length; i++) out.add(new Envelope(i, tasks[i], tasks[i], Msg.Start.INSTANCE));
        return out;
    }

    @Test void pctPrioritiesAndChangePointsAreFixedBySeed() {
        Set<List<Integer>> orders = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            PctStrategy a = new PctStrategy(seed, 4, 50), b = new PctStrategy(seed, 4, 50);
            assertArrayEquals(a.changePoints(), b.changePoints());
            long[] cp = a.changePoints();
            assertEquals(3, cp.length, "d - 1 change points");
            for (int i = 0; i < cp.length; i++) {
                assertTrue(cp[i] >= 1 && cp[i] <= 50, "in [1, k]: " + cp[i]);
                if (i > 0) assertTrue(cp[i] > cp[i - 1], "distinct and sorted");
            }
            List<Envelope> p = pending(0, 1, 2, 3);
            assertEquals(a.chooseDelivery(p), b.chooseDelivery(p));
            assertEquals(a.initialOrder(), b.initialOrder());
            orders.add(a.initialOrder());
        }
        assertTrue(orders.size() > 12, "seeds give different priority orders of 4 tasks: " + orders.size());
        assertNotEquals(List.of(new PctStrategy(1, 4, 1000).changePoints()), List.of(new PctStrategy(2, 4, 1000).changePoints()));
    }

    @Test void pctRunsTheHighestPriorityTaskEarliestEnvelopeUntilAChangePointLowersIt() {
        // d = 1: no change point, the top task runs whenever it has something pending
        PctStrategy s = new PctStrategy(7, 1, 100);
        List<Envelope> p = pending(0, 1, 2, 1, 0, 2);
        int first = s.chooseDelivery(p);
        int top = s.initialOrder().get(0);
        assertEquals(top, p.get(first).task());
        assertEquals(p.stream().map(Envelope::task).toList().indexOf(top), first, "its earliest envelope");
        for (int i = 0; i < 20; i++) assertEquals(top, p.get(s.chooseDelivery(p)).task());
        // d = 2, k = 1: the change point is the first step; the top task is lowered before it runs
        PctStrategy c = new PctStrategy(7, 2, 1);
        assertArrayEquals(new long[] {1}, c.changePoints());
        int chosen = p.get(c.chooseDelivery(p)).task();
        List<Integer> order = c.initialOrder();
        assertEquals(order.get(0), chosen, "the second task of the initial order, now the highest");
        assertEquals(2, order.size(), "the lowered task left the initial order");
        int lowered = List.of(0, 1, 2).stream().filter(t -> !order.contains(t)).findFirst().orElseThrow();
        // the lowered task runs only when nothing else is pending
        for (int i = 0; i < 10; i++) assertTrue(p.get(c.chooseDelivery(p)).task() != lowered);
        List<Envelope> onlyLowered = pending(lowered, lowered);
        assertEquals(0, c.chooseDelivery(onlyLowered), "the earliest of its envelopes");
    }

    @Test void fairPicksAmongTasksNotMessages() {
        FairStrategy f = new FairStrategy(3);
        // task 0 has nine messages in flight, task 1 one: uniform over tasks gives each about half
        List<Envelope> p = pending(0, 0, 0, 0, 1, 0, 0, 0, 0, 0);
        int[] byTask = new int[2];
        for (int i = 0; i < 4000; i++) {
            int k = f.chooseDelivery(p);
            assertTrue(k == 0 || k == 4, "a task's earliest envelope, never a later one: " + k);
            byTask[p.get(k).task()]++;
        }
        assertTrue(byTask[1] > 1800 && byTask[1] < 2200, "task 1 is chosen about half the time: " + byTask[1]);
        // random over messages would pick task 1 a tenth of the time
        RandomStrategy r = new RandomStrategy(3);
        int one = 0;
        for (int i = 0; i < 4000; i++) if (p.get(r.chooseDelivery(p)).task() == 1) one++;
        assertTrue(one < 600, "uniform over messages: " + one);
    }
}
