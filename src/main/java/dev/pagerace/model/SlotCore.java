package dev.pagerace.model;

import dev.pagerace.program.DataId;
import dev.pagerace.program.Program;
import dev.pagerace.program.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * The core of a page-cache slot actor ({@code mapping->i_pages[index]}): it
 * holds none, a page or a swap entry, and owns every page ever added here,
 * orphans included, so all operations on a page go to this one actor.
 * There is never an instant where a page turns into a swap entry with the
 * slot empty in between (shmem's "no instant in switching between page and
 * swap when the slot appears empty", Hugh Dickins 2014).
 */
public final class SlotCore implements ModelObject {
    private final Program program;
    private final int addr;
    private final Program.InodeInfo inode;
    private final int index;
    private final Value.InodeRef inodeRef;
    private final String name;
    /** The LRU's address, or -1: only a program with LRU operations puts pages on it. */
    private final int lru;
    private final List<Page> pages = new ArrayList<>(2);
    private Page current;
    private SwapEntry swap;

    public SlotCore(Program program, int addr) {
        this.program = program;
        this.addr = addr;
        this.inode = program.inodeOfSlot(addr);
        this.index = addr - inode.slotBase();
        this.inodeRef = new Value.InodeRef(inode.index(), inode.name());
        this.name = program.name(addr);
        this.lru = program.lruAddr();
    }

    @Override public ModelObject copy() {
        SlotCore c = new SlotCore(program, addr);
        for (Page p : pages) {
            Page q = p.copy();
            c.pages.add(q);
            if (p == current) c.current = q;
        }
        c.swap = swap;
        return c;
    }

    /**
     * Every page ever added here, orphans included (handles may still name
     * them), in the order they were added, which is this slot's own history;
     * then which one is current and the swap entry.
     */
    @Override public void fingerprint(Fingerprint f) {
        f.add(pages.size());
        for (Page p : pages) p.fingerprint(f);
        f.add(current == null ? -1 : pages.indexOf(current));
        if (swap == null) f.add(-1);
        else f.id(swap.id()).data(swap.data());
    }

    public Page current() { return current; }
    public SwapEntry swap() { return swap; }

    private Value currentValue() {
        if (current != null) return ref(current);
        if (swap != null) return new Value.SwapRef(addr, swap.id(), name);
        return Value.None.NONE;
    }

    private Value.PageRef ref(Page p) { return new Value.PageRef(addr, p.id, name); }

    private Page page(long id) {
        for (Page p : pages) if (p.id == id) return p;
        return null;
    }

    @Override public void deliver(Envelope env, RunServices rs, Effects fx) {
        Msg.SlotReq req = (Msg.SlotReq) env.msg();
        int task = env.task();
        switch (req.op()) {
            case FIND -> answer(fx, task, currentValue());
            case ADD -> add(req, task, rs, fx);
            case SWAP_IN -> swapIn(req, task, rs, fx);
            case FREE_SWAP -> {
                // shmem_free_swap(): only if the slot still holds this very entry
                boolean same = swap != null && swap.id() == req.id();
                if (same) {
                    swap = null;
                    changed(fx, task, false);
                }
                answer(fx, task, Value.bool(same));
                fx.outcome(same ? "freed" : "entry changed under it");
            }
            case UNMAP -> {
                if (current != null) {
                    current.mapcount = 0;
                    current.ptes = 0;
                }
                fx.reply(addr, task, Value.None.NONE);
                fx.outcome(current == null ? "nothing mapped" : "PTEs zapped");
            }
            case PICK -> pick(req, task, fx);
            default -> pageOp(req, task, rs, fx);
        }
    }

    private void answer(Effects fx, int task, Value v) {
        lookup(fx, task, v);
        fx.reply(addr, task, v);
        if (fx.tracing()) fx.outcome("-> " + v);
    }

    private void lookup(Effects fx, int task, Value v) {
        if (v instanceof Value.PageRef p) {
            Page pg = page(p.id());
            fx.event(new Event.Lookup(task, addr, p.id(), pg == null ? null : pg.data));
        }
    }

    /**
     * Answers {@code task} with {@code v} after a page entered ({@code op}
     * ADD) or left (REMOVE) the cache: through the LRU when the program has
     * one, which puts the page on its list or takes it off and answers in
     * this slot's place, one delivery more; else directly.
     */
    private void answerViaLru(Effects fx, int task, Value v, Msg.LruOp op, Page p, Site site) {
        if (lru < 0) {
            fx.reply(addr, task, v);
            return;
        }
        fx.send(lru, task, new Msg.LruReq(op, ref(p), v, site));
    }

    private void add(Msg.SlotReq req, int task, RunServices rs, Effects fx) {
        if (current != null || swap != null) {
            // the racing add_to_page_cache case: someone else filled the slot first
            answer(fx, task, Value.None.NONE);
            if (fx.tracing()) fx.outcome("slot taken by " + (current != null ? ref(current) : "swap#" + swap.id()));
            return;
        }
        long id = rs.newId();
        DataId data = req.value() instanceof Value.BlockRef b ? DataId.block(b.block(), b.gen()) : DataId.zero(id);
        Page p = new Page(id, data, "uptodate".equals(req.arg()));
        if (data.kind() == DataId.Kind.BLOCK) p.mappedBlock = data;
        // filemap_add_folio()/shmem_add_to_page_cache() insert a locked folio: the adder holds the page lock
        p.lock.grant(task, Mode.WRITE, req.site());
        pages.add(p);
        current = p;
        fx.event(pageLock(task, p, req.site()));
        changed(fx, task, true);
        lookup(fx, task, ref(p));
        // folio_add_lru(): a new folio goes on the LRU as it enters the cache
        answerViaLru(fx, task, ref(p), Msg.LruOp.ADD, p, req.site());
        if (fx.tracing()) fx.outcome("-> " + ref(p) + " (locked, " + (p.uptodate ? "uptodate" : "!uptodate") + ", " + data + ")");
    }

    private void swapIn(Msg.SlotReq req, int task, RunServices rs, Effects fx) {
        if (swap == null) {
            // the entry is gone (swapped in or freed by someone else): the caller looks again
            answer(fx, task, Value.None.NONE);
            fx.outcome("no swap entry here");
            return;
        }
        // shmem_swapin_folio(): a new locked, uptodate folio with the entry's data replaces the entry
        Page p = new Page(rs.newId(), swap.data(), true);
        p.lock.grant(task, Mode.WRITE, req.site());
        pages.add(p);
        current = p;
        swap = null;
        fx.event(pageLock(task, p, req.site()));
        changed(fx, task, true);
        lookup(fx, task, ref(p));
        // the swap-cache folio goes on the LRU (folio_add_lru() in the swap-in path)
        answerViaLru(fx, task, ref(p), Msg.LruOp.ADD, p, req.site());
        if (fx.tracing()) fx.outcome("-> " + ref(p) + " (swapped in, locked, " + p.data + ")");
    }

    private void pick(Msg.SlotReq req, int task, Effects fx) {
        Value v = candidate(req.arg());
        if (v != null) {
            answer(fx, task, v);
            return;
        }
        int next = req.hop() + 1;
        if (next < req.route().length) {
            fx.send(req.route()[next], task, new Msg.SlotReq(req.op(), req.id(), req.arg(), req.value(), req.route(), next, req.site()));
            if (fx.tracing()) fx.outcome("no candidate; scan goes on to " + program.name(req.route()[next]));
        } else {
            answer(fx, task, Value.None.NONE);
        }
    }

    /** This slot's victim for pick_page under {@code filter}, or null. */
    private Value candidate(String filter) {
        if (filter == null) return current != null ? ref(current) : null;
        return switch (filter) {
            case "not_uptodate" -> current != null && !current.uptodate ? ref(current) : null;
            case "dirty" -> current != null && current.dirty ? ref(current) : null;
            case "mapped" -> current != null && current.mapcount > 0 ? ref(current) : null;
            case "swap" -> swap != null ? new Value.SwapRef(addr, swap.id(), name) : null;
            default -> null;
        };
    }

    private void pageOp(Msg.SlotReq req, int task, RunServices rs, Effects fx) {
        Page p = page(req.id());
        if (p == null) {
            fx.fault(task, req.site().pos(), "no page #" + req.id() + " in " + name);
            return;
        }
        String who = program.name(task);
        switch (req.op()) {
            case LOCK_PAGE, TRYLOCK_PAGE -> {
                if (req.op() == Msg.SlotOp.LOCK_PAGE) {
                    fx.event(new Event.Attempt(task, lockName(p), "page_lock", Mode.WRITE, req.site(), inode.index(), index, false, true));
                    fx.event(new Event.MightSleep(task, "lock_page", ref(p), req.site()));
                }
                if (p.lock.admits(Mode.WRITE)) {
                    p.lock.grant(task, Mode.WRITE, req.site());
                    fx.event(pageLock(task, p, req.site()));
                    fx.reply(addr, task, Value.Int.of(1));
                    if (fx.tracing()) fx.outcome("locked " + ref(p));
                } else if (req.op() == Msg.SlotOp.TRYLOCK_PAGE) {
                    fx.reply(addr, task, Value.Int.of(0));
                    if (fx.tracing()) fx.outcome("busy: locked by " + p.lock.describeHolders(program::name));
                } else {
                    p.lock.enqueue(task, Mode.WRITE, req.site());
                    LockState.Waiter me = p.lock.waiters().get(p.lock.waiters().size() - 1);
                    String why = "page locked by " + p.lock.describeHolders(program::name);
                    fx.event(new Event.Blocked(task, lockName(p), Mode.WRITE, req.site(), why, p.lock.waitsFor(me)));
                    if (fx.tracing()) fx.outcome("blocked: " + why);
                }
            }
            case UNLOCK_PAGE -> {
                if (p.lock.release(task, Mode.WRITE) == null) {
                    fx.fault(task, req.site().pos(), who + " unlocks " + ref(p) + " which it has not locked");
                    return;
                }
                fx.event(new Event.Released(task, lockName(p), Mode.WRITE));
                fx.reply(addr, task, Value.None.NONE);
                List<LockState.Waiter> granted = p.lock.handOver(addr, fx, w -> pageLock(w.task(), p, w.site()),
                    () -> "page locked by " + p.lock.describeHolders(program::name));
                if (fx.tracing()) {
                    StringBuilder note = new StringBuilder("unlocked");
                    for (LockState.Waiter w : granted) note.append("; hands over to ").append(program.name(w.task()));
                    fx.outcome(note.toString());
                }
            }
            case DELETE -> {
                // __filemap_remove_folio() runs under the folio lock
                if (p.lock.holder(task) == null) {
                    fx.fault(task, req.site().pos(), who + " deletes " + ref(p) + " without holding its page lock");
                    return;
                }
                boolean present = p.inCache;
                if (present) {
                    p.inCache = false;
                    if (current == p) current = null;
                    fx.event(new Event.Deleted(task, addr, p.id, p.ptes, req.site()));
                    changed(fx, task, false);
                    // the page cache's reference goes: off the LRU (__folio_put() -> lruvec_del_folio())
                    answerViaLru(fx, task, Value.bool(true), Msg.LruOp.REMOVE, p, req.site());
                } else {
                    answer(fx, task, Value.bool(false));
                }
                if (fx.tracing()) fx.outcome(present ? "deleted from " + inode.name() + (p.ptes > 0 ? " (still mapped by " + p.ptes + " PTE" + (p.ptes == 1 ? ")" : "s)") : "") : "already gone");
            }
            case MAP -> {
                p.mapcount++;
                p.ptes++;
                fx.event(new Event.Mapped(task, addr, p.id, p.inCache, req.site()));
                fx.reply(addr, task, Value.None.NONE);
                if (fx.tracing()) fx.outcome("mapcount " + p.mapcount + (p.inCache ? "" : " (page is not in the cache)"));
            }
            case MAPCOUNT_INC -> {
                // Torvalds' lockless map_pages: the count goes up before the PTE, so a
                // racing truncate that checks mapcount goes to the page table lock
                p.mapcount++;
                fx.reply(addr, task, Value.None.NONE);
                if (fx.tracing()) fx.outcome("mapcount " + p.mapcount);
            }
            case MAPCOUNT_DEC -> {
                if (p.mapcount == 0) {
                    fx.fault(task, req.site().pos(), "mapcount_dec of " + ref(p) + " whose mapcount is 0");
                    return;
                }
                p.mapcount--;
                fx.reply(addr, task, Value.None.NONE);
                if (fx.tracing()) fx.outcome("mapcount " + p.mapcount);
            }
            case SET_PTE -> {
                // installs the PTE for a mapping already counted by mapcount_inc
                p.ptes++;
                fx.event(new Event.Mapped(task, addr, p.id, p.inCache, req.site()));
                fx.reply(addr, task, Value.None.NONE);
                if (fx.tracing()) fx.outcome("PTE installed" + (p.inCache ? "" : " (page is not in the cache)"));
            }
            case SET_UPTODATE -> {
                p.uptodate = true;
                fx.reply(addr, task, Value.None.NONE);
                fx.outcome("uptodate");
            }
            case READ_BLOCK -> {
                // The read I/O of a folio added locked and !uptodate: block_read_full_folio() and
                // iomap_read_folio_iter() map the block under the folio lock, so truncate_inode_pages()
                // waits for the I/O before the blocks go. A hole (none) reads as zeroes.
                if (p.lock.holder(task) == null) {
                    fx.fault(task, req.site().pos(), who + " reads " + ref(p) + " in without holding its page lock");
                    return;
                }
                p.data = req.value() instanceof Value.BlockRef b ? DataId.block(b.block(), b.gen()) : DataId.zero(p.id);
                p.mappedBlock = p.data.kind() == DataId.Kind.BLOCK ? p.data : null;
                p.uptodate = true;
                // reported as an add: the data oracle judges the block's generation when the data arrives
                if (current == p) changed(fx, task, true);
                fx.reply(addr, task, Value.None.NONE);
                if (fx.tracing()) fx.outcome("read in: " + p.data);
            }
            case SET_DIRTY -> {
                p.dirty = true;
                fx.reply(addr, task, Value.None.NONE);
                fx.outcome("dirty");
            }
            case WRITE -> {
                p.data = DataId.write(rs.newId());
                p.dirty = true;
                p.uptodate = true;
                if (current == p) changed(fx, task, false);
                fx.reply(addr, task, Value.None.NONE);
                if (fx.tracing()) fx.outcome("data now " + p.data);
            }
            case READ -> {
                fx.event(new Event.ReadData(task, addr, p.id, p.data, req.site()));
                answer(fx, task, new Value.Data(p.data));
            }
            case WRITEBACK -> {
                p.dirty = false;
                // the write goes where the page's buffers point, whatever data it holds now
                if (p.inCache) fx.event(new Event.Writeback(task, inode.index(), index, p.id,
                    p.mappedBlock != null ? p.mappedBlock : p.data, req.site()));
                fx.reply(addr, task, Value.None.NONE);
                if (fx.tracing()) fx.outcome("written back " + p.data);
            }
            case SWAP_OUT -> {
                // shmem_writeout(): called with the folio locked; the swap entry takes its place atomically
                if (p.lock.holder(task) == null) {
                    fx.fault(task, req.site().pos(), who + " swaps out " + ref(p) + " without holding its page lock");
                    return;
                }
                if (!p.inCache || current != p) {
                    fx.fault(task, req.site().pos(), "swap_out of " + ref(p) + ", which is no longer in the cache");
                    return;
                }
                swap = new SwapEntry(rs.newId(), p.data);
                current = null;
                p.inCache = false;
                p.mapcount = 0; // try_to_unmap() before writeout
                p.ptes = 0;
                changed(fx, task, false);
                // the folio leaves the file for the swap entry, and the LRU with it
                answerViaLru(fx, task, Value.None.NONE, Msg.LruOp.REMOVE, p, req.site());
                if (fx.tracing()) fx.outcome("now swap#" + swap.id() + " (" + p.data + ")");
            }
            case READ_ATTR -> answer(fx, task, attr(p, req.arg()));
            default -> throw new IllegalStateException(req.op().toString());
        }
    }

    private Value attr(Page p, String a) {
        return switch (a) {
            case "uptodate" -> Value.bool(p.uptodate);
            case "dirty" -> Value.bool(p.dirty);
            case "locked" -> Value.bool(p.locked());
            case "mapcount" -> Value.Int.of(p.mapcount);
            case "mapping" -> p.inCache ? inodeRef : Value.None.NONE;
            case "index" -> Value.Int.of(index);
            case "id" -> Value.Int.of(p.id);
            case "data" -> new Value.Data(p.data);
            default -> Value.None.NONE;
        };
    }

    private String lockName(Page p) {
        if (p.lockName == null) p.lockName = "page#" + p.id + "@" + name;
        return p.lockName;
    }

    private Event.Acquired pageLock(int task, Page p, Site site) {
        return new Event.Acquired(task, lockName(p), "page_lock", Mode.WRITE, site, inode.index(), index, false, true);
    }

    /** Reports the slot's content after a change, for the data oracles. */
    private void changed(Effects fx, int task, boolean added) {
        if (current != null) {
            fx.event(new Event.SlotState(addr, inode.index(), index, 1, current.id, current.data, task, added));
        } else if (swap != null) {
            fx.event(new Event.SlotState(addr, inode.index(), index, 2, swap.id(), swap.data(), task, added));
        } else {
            fx.event(new Event.SlotState(addr, inode.index(), index, 0, 0, null, task, false));
        }
    }
}
