package dev.pagerace.model;

import dev.pagerace.program.Program;
import dev.pagerace.program.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * The core of the LRU actor: one list of the run's cached pages, cold end
 * first. The model has one memcg and one node, so one lruvec; the kernel's
 * inactive and active lists are one list here (a folio reclaim keeps goes to
 * the young end either way), and files share it, as they share a lruvec.
 *
 * <p>A page enters at the young end when it enters the cache
 * ({@code folio_add_lru()} from {@code shmem_alloc_and_add_folio()}, or the
 * swap-cache folio of {@code shmem_swapin_folio()}) and leaves when it leaves
 * the cache (the last put's {@code lruvec_del_folio()}). Reclaim takes the
 * page at the cold end off the list in one delivery, as
 * {@code isolate_lru_folios()} does in one {@code lru_lock} section, and puts
 * it back at the young end ({@code move_folios_to_lru()}). An isolated page is
 * on no list: a truncate that deletes it meanwhile drops it from the isolated
 * set, and reclaim's put-back then frees it instead (the folio is freed when
 * reclaim drops the last reference).
 */
public final class LruCore implements ModelObject {
    private final Program program;
    private final int addr;
    /** Cold end first. */
    private final List<Value.PageRef> list = new ArrayList<>();
    /**
     * Isolated pages still in the cache, by slot: a slot holds one cached
     * page at a time, so the slot orders them the same way in every
     * interleaving (the search hashes this set, whose order means nothing).
     */
    private final List<Value.PageRef> isolated = new ArrayList<>(2);

    public LruCore(Program program) {
        this.program = program;
        this.addr = program.lruAddr();
    }

    @Override public ModelObject copy() {
        LruCore c = new LruCore(program);
        c.list.addAll(list);
        c.isolated.addAll(isolated);
        return c;
    }

    /** The list in order (which page reclaim takes next), then the isolated set. */
    @Override public void fingerprint(Fingerprint f) {
        f.add(list.size());
        for (Value.PageRef p : list) f.add(p.slot()).id(p.id());
        f.add(isolated.size());
        for (Value.PageRef p : isolated) f.add(p.slot()).id(p.id());
    }

    /** The list, cold end first (a copy, for tests and tools). */
    public List<Value.PageRef> order() { return List.copyOf(list); }

    /** The isolated pages still in the cache (a copy). */
    public List<Value.PageRef> isolated() { return List.copyOf(isolated); }

    @Override public void deliver(Envelope env, RunServices rs, Effects fx) {
        Msg.LruReq req = (Msg.LruReq) env.msg();
        int task = env.task();
        Value.PageRef p = req.page();
        switch (req.op()) {
            case ADD -> {
                list.add(p);
                fx.reply(addr, task, req.answer());
                if (fx.tracing()) fx.outcome(p + " on the LRU's young end (" + list.size() + " on the list)");
            }
            case REMOVE -> {
                String note;
                if (list.remove(p)) note = p + " off the LRU";
                else if (isolated.remove(p)) note = p + " is isolated by reclaim: freed when reclaim drops it";
                else {
                    fx.fault(task, req.site() == null ? null : req.site().pos(), p + " leaves the cache but is on no LRU list");
                    return;
                }
                fx.reply(addr, task, req.answer());
                if (fx.tracing()) fx.outcome(note);
            }
            case ISOLATE -> {
                if (list.isEmpty()) {
                    fx.reply(addr, task, Value.None.NONE);
                    fx.outcome("LRU empty");
                    return;
                }
                Value.PageRef cold = list.remove(0);
                int at = 0;
                while (at < isolated.size() && isolated.get(at).slot() < cold.slot()) at++;
                isolated.add(at, cold);
                fx.reply(addr, task, cold);
                if (fx.tracing()) fx.outcome("-> " + cold + " (isolated from the cold end)");
            }
            case PUTBACK -> {
                if (isolated.remove(p)) {
                    list.add(p);
                    fx.reply(addr, task, Value.None.NONE);
                    if (fx.tracing()) fx.outcome(p + " back at the young end");
                } else if (list.contains(p)) {
                    fx.fault(task, req.site().pos(), "lru_putback of " + p + ", which is on the LRU: only an isolated page is put back");
                } else {
                    fx.reply(addr, task, Value.None.NONE);
                    if (fx.tracing()) fx.outcome(p + " left the cache: freed, not put back");
                }
            }
            default -> throw new IllegalStateException(req.op().toString());
        }
    }
}
