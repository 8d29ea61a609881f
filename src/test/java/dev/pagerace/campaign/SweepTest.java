package dev.pagerace.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sweep and --set texts: what a campaign's batch ids, summaries and rerun commands are built from. */
class SweepTest {
    @Test void aSweepKeepsTheCountsInOrderOnce() {
        Sweep.Points p = Sweep.parseSweep("faulter=1, 2,4,2,8");
        assertEquals("faulter", p.task());
        assertEquals(List.of(1L, 2L, 4L, 8L), p.counts());
        assertEquals("faulter=1,2,4,8", p.toString(), "what campaign.json keeps");
        assertEquals("faulter=4", p.set(4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"faulter", "faulter=", "=1,2", "faulter=0", "faulter=257", "faulter=1,x", "fault er=2", "faulter=-1"})
    void badSweepsAreRefusedWithTheirText(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sweep.parseSweep(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @Test void setsHaveOneCanonicalText() {
        Map<String, Long> c = Sweep.parseSets(List.of("writer=2", "faulter=4"));
        assertEquals("faulter=4 writer=2", Sweep.text(c), "sorted by task, whatever the order given");
        assertEquals(c, Sweep.counts(Sweep.text(c)));
        assertEquals(" --set faulter=4 --set writer=2", Sweep.options(c));
        assertEquals("", Sweep.text(Map.of()));
        assertEquals(Map.of(), Sweep.counts(""));
        assertEquals("", Sweep.options(Sweep.counts(null)));
        assertThrows(IllegalArgumentException.class, () -> Sweep.parseSets(List.of("faulter=1,2")), "one count per --set");
        assertThrows(IllegalArgumentException.class, () -> Sweep.parseSets(List.of("faulter=1", "faulter=2")), "a task set twice");
    }

    @Test void aCampaignSpecWithoutASweepHasNoPoints() {
        assertNull(new CampaignSpec(List.of(), Map.of(), "all", 1, 0, "random", 1).sweepPoints());
        assertEquals(List.of(1L, 3L), new CampaignSpec(List.of(), Map.of(), "all", 1, 0, "random", 1, "puncher=1,3").sweepPoints().counts());
    }
}
