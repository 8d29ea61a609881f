package dev.pagerace.model;

import static dev.pagerace.program.Value.Suspended.SUSPENDED;

import dev.pagerace.lang.Compiler;
import dev.pagerace.lang.Pos;
import dev.pagerace.program.ChoiceKind;
import dev.pagerace.program.Ex;
import dev.pagerace.program.Insn;
import dev.pagerace.program.Interp;
import dev.pagerace.program.ModelError;
import dev.pagerace.program.PathCode;
import dev.pagerace.program.Program;
import dev.pagerace.program.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * The core of a task actor: an interpreter of compiled paths with an explicit
 * call stack. A task computes locally (expressions, control flow, choices)
 * until it reaches a shared operation; then it sends one request and waits
 * for the answer, which arrives as a later delivery. Each answer is memoized
 * for the instruction that asked, so the instruction is simply evaluated
 * again, replaying the answers it already has.
 */
public final class TaskCore implements ModelObject, Interp {
    /** Local instructions one delivery may run before the task is declared stuck in a loop. */
    static final int LOCAL_STEP_LIMIT = 100_000;

    private static final class Frame {
        final PathCode code;
        final Value[] locals;
        final CallChain chain;
        final List<Value> answers = new ArrayList<>(4);
        final List<String> ops = new ArrayList<>(1);
        int pc;
        int cursor;
        /** The outermost frame of the reclaim path: leaving it releases fs_reclaim (if it took it). */
        boolean reclaimFrame;
        /** For a reclaim frame: whether this reclaim may enter the filesystem (__GFP_FS in its context). */
        boolean reclaimFs;
        /** Open context scopes of this frame, by kind ({@link #CTX_NOFS} ...); a return closes them. */
        int[] scopes = new int[3];
        /**
         * The expression whose request this frame last sent (an operation, a
         * shared read, a call). When the answer is for the instruction's
         * outermost expression, the answer is the instruction's value and
         * {@link #resumeDirect} finishes it without evaluating it again. A
         * function of pc and answers whenever it is read, so it is not part of
         * the fingerprint.
         */
        Ex waitingOn;

        Frame(PathCode code, Value[] locals, CallChain chain) {
            this.code = code;
            this.locals = locals;
            this.chain = chain;
        }

        Frame copy() {
            Frame c = new Frame(code, locals.clone(), chain);
            c.answers.addAll(answers);
            c.ops.addAll(ops);
            c.pc = pc;
            c.cursor = cursor;
            c.reclaimFrame = reclaimFrame;
            c.reclaimFs = reclaimFs;
            c.scopes = scopes.clone();
            c.waitingOn = waitingOn;
            return c;
        }

        /** The chain (call sites) only feeds reports; cursor is reset before every instruction. */
        void fingerprint(Fingerprint f) {
            f.add(code.name()).add(code.code().length).add(pc).values(locals).add(reclaimFrame).add(reclaimFs);
            for (int n : scopes) f.add(n);
            f.add(answers.size());
            for (Value v : answers) f.value(v);
            f.add(ops.size());
            for (String o : ops) f.add(o);
        }
    }

    private record Step(int to, Msg msg) {}

    private final Program program;
    private final Program.TaskInfo info;
    private final int self;
    private final List<Frame> stack = new ArrayList<>(8);
    private boolean done;

    /** Replies still expected before the waiting instruction can go on. */
    private int awaiting;
    /** Remaining sub-requests of a multi-step operation (unmap of a range, lock_two). */
    private List<Step> steps = List.of();
    private int nextStep;

    // lent for one delivery
    private RunServices rs;
    private Effects fx;
    private boolean sent;

    public TaskCore(Program program, Program.TaskInfo info) {
        this.program = program;
        this.info = info;
        this.self = info.addr();
        stack.add(new Frame(info.body(), new Value[info.body().locals()], CallChain.root(info.name())));
    }

    private TaskCore(TaskCore o) {
        this.program = o.program;
        this.info = o.info;
        this.self = o.self;
        for (Frame f : o.stack) stack.add(f.copy());
        this.done = o.done;
        this.awaiting = o.awaiting;
        this.steps = o.steps; // never changed once built
        this.nextStep = o.nextStep;
    }

    @Override public ModelObject copy() { return new TaskCore(this); }

    /**
     * The task's own state; its address is not part of it: instances of one
     * group run the same body, so they differ only by this state and are
     * interchangeable under the symmetry reduction.
     */
    @Override public void fingerprint(Fingerprint f) {
        f.add(done).add(awaiting).add(steps.size() - nextStep);
        for (int i = nextStep; i < steps.size(); i++) f.add(steps.get(i).to()).msg(steps.get(i).msg());
        f.add(stack.size());
        for (Frame x : stack) x.fingerprint(f);
    }

    @Override public void deliver(Envelope env, RunServices rs, Effects fx) {
        this.rs = rs;
        this.fx = fx;
        try {
            Msg m = env.msg();
            if (m == Msg.Start.INSTANCE) {
                run("started");
            } else if (m instanceof Msg.Reply r) {
                answer(r.value());
            } else if (m instanceof Msg.Woken) {
                answer(Value.None.NONE);
            } else {
                throw new IllegalStateException("task got " + m);
            }
        } finally {
            this.rs = null;
            this.fx = null;
        }
    }

    private void answer(Value v) {
        if (nextStep < steps.size()) {
            Step s = steps.get(nextStep++);
            fx.send(s.to(), self, s.msg());
            if (fx.tracing()) fx.outcome("continues with " + program.name(s.to()));
            return;
        }
        if (--awaiting > 0) {
            if (fx.tracing()) fx.outcome("got " + v + "; still waiting");
            return;
        }
        Frame f = top();
        if (!resumeDirect(f, v)) f.answers.add(v);
        run(fx.tracing() ? "got " + v : "");
    }

    /**
     * Finishes the waiting instruction with answer {@code v} when the answer
     * was for its outermost expression ({@code x = OP}, {@code OP} alone,
     * {@code if OP}, {@code if !OP}, {@code while ...} alike): its operands
     * were evaluated before the request went out, and the expression's value
     * is the answer, so evaluating it again with memoized answers would only
     * repeat work (the general way, which every other instruction takes).
     */
    private static boolean resumeDirect(Frame f, Value v) {
        Ex w = f.waitingOn;
        if (w == null) return false;
        Insn insn = f.code.code()[f.pc];
        if (insn instanceof Insn.Store s) {
            if (s.expr() != w) return false;
            f.locals[s.slot()] = v;
            f.pc++;
        } else if (insn instanceof Insn.Eval e) {
            if (e.expr() != w) return false;
            f.pc++;
        } else if (insn instanceof Insn.JumpUnless j) {
            boolean t;
            if (j.cond() == w) t = Value.truthy(v);
            else if (j.cond() instanceof Ex.UnaryEx u && u.operand == w && u.not) t = !Value.truthy(v);
            else return false;
            f.pc = t ? f.pc + 1 : j.target();
        } else {
            return false;
        }
        f.answers.clear();
        f.waitingOn = null;
        return true;
    }

    private Frame top() { return stack.get(stack.size() - 1); }

    /** Runs local code until the task sends a request or finishes. */
    private void run(String note) {
        fx.outcome(note);
        sent = false;
        int local = 0;
        while (!done) {
            Frame f = top();
            Insn insn = f.code.code()[f.pc];
            f.cursor = 0;
            try {
                if (exec(f, insn)) f.answers.clear();
                else if (sent) return;
                // else a call pushed a frame: go on in the callee
            } catch (ModelError e) {
                fault(e.pos(), e.getMessage());
                return;
            }
            if (++local > LOCAL_STEP_LIMIT) {
                fault(insn.pos(), "no shared operation in " + LOCAL_STEP_LIMIT + " steps: an endless local loop?");
                return;
            }
        }
    }

    private void fault(Pos pos, String message) {
        done = true;
        fx.fault(self, pos, message);
    }

    /** Runs one instruction; false if it suspended the task (its pc stays, to run again with the answer memoized). */
    private boolean exec(Frame f, Insn insn) {
        if (insn instanceof Insn.Eval e) {
            if (e.expr().eval(this) == SUSPENDED) return false;
            f.pc++;
        } else if (insn instanceof Insn.Store s) {
            Value v = s.expr().eval(this);
            if (v == SUSPENDED) return false;
            f.locals[s.slot()] = v;
            f.pc++;
        } else if (insn instanceof Insn.JumpUnless j) {
            Value c = j.cond().eval(this);
            if (c == SUSPENDED) return false;
            f.pc = Value.truthy(c) ? f.pc + 1 : j.target();
        } else if (insn instanceof Insn.Jump j) {
            f.pc = j.target();
        } else if (insn instanceof Insn.RepeatInit r) {
            Value c = r.count().eval(this);
            if (c == SUSPENDED) return false;
            long n = Ex.asInt(c, r.pos(), "repeat");
            if (n < 0) throw new ModelError(r.pos(), "repeat count is negative: " + n);
            f.locals[r.counter()] = Value.Int.of(n);
            f.pc++;
        } else if (insn instanceof Insn.RepeatNext r) {
            long c = ((Value.Int) f.locals[r.counter()]).v();
            if (c == 0) {
                f.pc = r.exit();
            } else {
                f.locals[r.counter()] = Value.Int.of(c - 1);
                f.pc++;
            }
        } else if (insn instanceof Insn.ForInit fi) {
            Value from = fi.from().eval(this);
            if (from == SUSPENDED) return false;
            long lo = Ex.asInt(from, fi.pos(), "for");
            Value to = fi.to().eval(this);
            if (to == SUSPENDED) return false;
            f.locals[fi.var()] = Value.Int.of(lo);
            f.locals[fi.end()] = Value.Int.of(Ex.asInt(to, fi.pos(), "for"));
            f.pc++;
        } else if (insn instanceof Insn.ForTest t) {
            long v = Ex.asInt(f.locals[t.var()], t.pos(), "for");
            f.pc = v >= ((Value.Int) f.locals[t.end()]).v() ? t.exit() : f.pc + 1;
        } else if (insn instanceof Insn.ForStep s) {
            f.locals[s.var()] = Value.Int.of(Ex.asInt(f.locals[s.var()], s.pos(), "for") + 1);
            f.pc = s.test();
        } else if (insn instanceof Insn.Choose c) {
            int k = (int) ((Value.Int) choose(ChoiceKind.CHOOSE, c.pos(), 0, c.targets().length - 1)).v();
            f.pc = c.targets()[k];
        } else if (insn instanceof Insn.OpBegin o) {
            int ino = -1;
            long from = 0, to = 0;
            if (o.inode() != null) {
                Value i = o.inode().eval(this);
                if (i == SUSPENDED) return false;
                Program.InodeInfo info = inode(o.pos(), "op", i);
                Value rv = o.range().eval(this);
                if (rv == SUSPENDED) return false;
                Value.Range r = range(o.pos(), "op", info, rv);
                ino = info.index();
                from = r.from();
                to = r.to();
            }
            fx.event(new Event.OpBegin(self, o.name(), ino, from, to, site(o.pos())));
            f.ops.add(o.name());
            f.pc++;
        } else if (insn instanceof Insn.OpEnd o) {
            fx.event(new Event.OpEnd(self, o.name()));
            f.ops.remove(f.ops.lastIndexOf(o.name()));
            f.pc++;
        } else if (insn instanceof Insn.Ret r) {
            Value v = r.value() == null ? Value.None.NONE : r.value().eval(this);
            if (v == SUSPENDED) return false;
            for (int i = f.ops.size() - 1; i >= 0; i--) fx.event(new Event.OpEnd(self, f.ops.get(i)));
            boolean wasIrq = inInterrupt();
            stack.remove(stack.size() - 1);
            if (wasIrq && !inInterrupt()) fx.event(new Event.InterruptContext(self, false, site(r.pos())));
            if (f.reclaimFrame && f.reclaimFs) {
                fx.event(new Event.Released(self, FS_RECLAIM, Mode.WRITE));
            }
            if (stack.isEmpty()) {
                done = true;
                fx.event(new Event.TaskDone(self));
                if (fx.tracing()) fx.outcome(fx.outcome().isEmpty() ? "done" : fx.outcome() + "; done");
            } else {
                Frame caller = top();
                if (!resumeDirect(caller, v)) caller.answers.add(v);
            }
        } else if (insn instanceof Insn.Scope sc) {
            boolean wasIrq = inInterrupt();
            f.scopes[context(sc.kind())] += sc.enter() ? 1 : -1;
            if (wasIrq != inInterrupt()) fx.event(new Event.InterruptContext(self, !wasIrq, site(sc.pos())));
            f.pc++;
        } else if (insn instanceof Insn.Assert a) {
            Value c = a.cond().eval(this);
            if (c == SUSPENDED) return false;
            if (!Value.truthy(c)) {
                fx.event(new Event.AssertFailed(self, a.message(), site(a.pos())));
                done = true;
            }
            f.pc++;
        } else {
            throw new IllegalStateException(insn.toString());
        }
        return true;
    }

    // ---- Interp ----------------------------------------------------------------------------------

    @Override public Program program() { return program; }

    @Override public Value local(int slot, String name, Pos pos) {
        Value v = top().locals[slot];
        if (v == null) throw new ModelError(pos, "variable '" + name + "' is used before it is assigned");
        return v;
    }

    private Value cached() {
        Frame f = top();
        return f.cursor < f.answers.size() ? f.answers.get(f.cursor++) : null;
    }

    private Value remember(Value v) {
        Frame f = top();
        f.answers.add(v);
        f.cursor++;
        return v;
    }

    @Override public Value choose(ChoiceKind kind, Pos pos, long lo, long hi) {
        Value c = cached();
        if (c != null) return c;
        // hi - lo + 1 in exact arithmetic: rand(-MAX, MAX) must not wrap into a small range
        long n;
        try {
            n = Math.addExact(Math.subtractExact(hi, lo), 1);
        } catch (ArithmeticException e) {
            n = Long.MAX_VALUE; // wider than any long: too large all the same
        }
        if (n > Integer.MAX_VALUE) {
            String width = java.math.BigInteger.valueOf(hi).subtract(java.math.BigInteger.valueOf(lo)).add(java.math.BigInteger.ONE).toString();
            throw new ModelError(pos, "a choice among " + width + " values is too large (at most " + Integer.MAX_VALUE + ")");
        }
        return remember(Value.Int.of(lo + (n == 1 ? 0 : rs.choose(kind, (int) n))));
    }

    @Override public Value call(Ex.CallEx call, Value[] args) {
        top().waitingOn = call;
        return callPath(call.target, args, call.pos);
    }

    /** lockdep's pseudo-lock for memory reclaim (fs_reclaim_acquire). */
    public static final String FS_RECLAIM = "fs_reclaim";

    private boolean inReclaim() {
        for (Frame f : stack) if (f.reclaimFrame) return true;
        return false;
    }

    private Value callPath(PathCode target, Value[] args, Pos at) {
        return callPath(target, args, at, fsContext());
    }

    /** {@code fs}: the reclaim path, if this is the call into it, runs with __GFP_FS (records fs_reclaim). */
    private Value callPath(PathCode target, Value[] args, Pos at, boolean fs) {
        Value c = cached();
        if (c != null) return c;
        if (stack.size() > program.config().maxCallDepth()) {
            throw new ModelError(at, "call depth over " + program.config().maxCallDepth() + " calling " + target.name() + "(): runaway recursion?");
        }
        Value[] locals = new Value[target.locals()];
        System.arraycopy(args, 0, locals, 0, args.length);
        // the caller's pc stays put: it re-runs this instruction with the return value memoized
        Frame callee = new Frame(target, locals, top().chain.push(target.name(), at));
        if (target == program.reclaim() && !inReclaim()) {
            // direct reclaim and kswapd alike run the reclaim path under fs_reclaim (lockdep's
            // fs_reclaim_acquire() in __perform_reclaim(), __fs_reclaim_acquire() in kswapd()),
            // released when it returns; a reclaim without __GFP_FS takes no fs_reclaim
            if (fs) {
                Site site = new Site(at, top().chain);
                fx.event(new Event.Attempt(self, FS_RECLAIM, FS_RECLAIM, Mode.WRITE, site, -1, -1, false, false));
                fx.event(new Event.Acquired(self, FS_RECLAIM, FS_RECLAIM, Mode.WRITE, site));
            }
            callee.reclaimFrame = true;
            callee.reclaimFs = fs;
        }
        stack.add(callee);
        sent = false;
        return SUSPENDED;
    }

    @Override public Value read(Ex.AttrEx at, Value target) {
        Value c = cached();
        if (c != null) return c;
        top().waitingOn = at;
        Pos pos = at.pos;
        String attr = at.name;
        Site site = site(pos);
        if (target instanceof Value.PageRef p) {
            if (!Compiler.PAGE_ATTRS.contains(attr)) throw new ModelError(pos, "pages have no attribute '" + attr + "'");
            return send(p.slot(), new Msg.SlotReq(Msg.SlotOp.READ_ATTR, p.id(), attr, null, null, 0, site));
        }
        Value.InodeRef ino = (Value.InodeRef) target;
        return send(program.inodes().get(ino.index()).addr(), new Msg.InodeReq(Msg.InodeOp.READ_FIELD, attr, null, 0, 0, null, site));
    }

    @Override public Value action(Ex.ActionEx a, Value[] v, Value extra) {
        top().waitingOn = a; // before alloc's reclaim call too: alloc's value is that call's
        switch (a.op) {
            case "alloc": return alloc(a);
            case "pick_page": return pickPage(a, v);
            default: break;
        }
        Value c = cached();
        if (c != null) return c;
        Site site = site(a.pos);
        switch (a.op) {
            case "down_read": return lockOp(a, v[0], Msg.LockOp.DOWN_READ, site);
            case "down_write": return lockOp(a, v[0], Msg.LockOp.DOWN_WRITE, site);
            case "up_read": return lockOp(a, v[0], Msg.LockOp.UP_READ, site);
            case "up_write": return lockOp(a, v[0], Msg.LockOp.UP_WRITE, site);
            case "lock": return lockOp(a, v[0], Msg.LockOp.LOCK, site);
            case "unlock": return lockOp(a, v[0], Msg.LockOp.UNLOCK, site);
            case "trylock": return lockOp(a, v[0], Msg.LockOp.TRYLOCK, site);
            case "down_read_trylock": return lockOp(a, v[0], Msg.LockOp.DOWN_READ_TRYLOCK, site);
            case "down_write_trylock": return lockOp(a, v[0], Msg.LockOp.DOWN_WRITE_TRYLOCK, site);
            case "down_read_nested": return lockOp(a, v[0], Msg.LockOp.DOWN_READ, site, subclass(v[1]));
            case "down_write_nested": return lockOp(a, v[0], Msg.LockOp.DOWN_WRITE, site, subclass(v[1]));
            case "lock_nested": return lockOp(a, v[0], Msg.LockOp.LOCK, site, subclass(v[1]));
            case "lock_two": return lockTwo(a, v, site, false);
            case "lock_two_inodes": return lockTwo(a, v, site, true);
            case "lock_page": return pageOp(a, v[0], Msg.SlotOp.LOCK_PAGE, site);
            case "unlock_page": return pageOp(a, v[0], Msg.SlotOp.UNLOCK_PAGE, site);
            case "trylock_page": return pageOp(a, v[0], Msg.SlotOp.TRYLOCK_PAGE, site);
            case "delete": return pageOp(a, v[0], Msg.SlotOp.DELETE, site);
            case "map": return pageOp(a, v[0], Msg.SlotOp.MAP, site);
            case "set_uptodate": return pageOp(a, v[0], Msg.SlotOp.SET_UPTODATE, site);
            case "set_dirty": return pageOp(a, v[0], Msg.SlotOp.SET_DIRTY, site);
            case "write": return pageOp(a, v[0], Msg.SlotOp.WRITE, site);
            case "read": return pageOp(a, v[0], Msg.SlotOp.READ, site);
            case "writeback": return pageOp(a, v[0], Msg.SlotOp.WRITEBACK, site);
            case "swap_out": return pageOp(a, v[0], Msg.SlotOp.SWAP_OUT, site);
            case "mapcount_inc": return pageOp(a, v[0], Msg.SlotOp.MAPCOUNT_INC, site);
            case "mapcount_dec": return pageOp(a, v[0], Msg.SlotOp.MAPCOUNT_DEC, site);
            case "set_pte": return pageOp(a, v[0], Msg.SlotOp.SET_PTE, site);
            case "read_block": {
                if (!(v[0] instanceof Value.PageRef ref)) throw new ModelError(a.pos, "read_block needs a page, got " + v[0]);
                if (!(v[1] instanceof Value.BlockRef) && !(v[1] instanceof Value.None)) {
                    throw new ModelError(a.pos, "read_block needs a block (from get_block) or none for a hole, got " + v[1]);
                }
                return send(ref.slot(), new Msg.SlotReq(Msg.SlotOp.READ_BLOCK, ref.id(), null, v[1], null, 0, site));
            }
            case "find": return send(slot(a, v[0], v[1]), new Msg.SlotReq(Msg.SlotOp.FIND, 0, null, null, null, 0, site));
            case "swap_in": return send(slot(a, v[0], v[1]), new Msg.SlotReq(Msg.SlotOp.SWAP_IN, 0, null, null, null, 0, site));
            case "add": {
                if (extra != null && !(extra instanceof Value.BlockRef)) {
                    throw new ModelError(a.pos, "add ... from needs a block (from get_block), got " + extra);
                }
                return send(slot(a, v[0], v[1]), new Msg.SlotReq(Msg.SlotOp.ADD, 0, a.flag, extra, null, 0, site));
            }
            case "get_block": {
                Program.InodeInfo ino = inode(a, v[0]);
                long idx = index(a, ino, v[1]);
                return send(ino.addr(), new Msg.InodeReq(Msg.InodeOp.GET_BLOCK, null, null, idx, idx + 1, null, site));
            }
            case "free_blocks", "alloc_blocks": {
                Program.InodeInfo ino = inode(a, v[0]);
                Value.Range r = range(a, ino, v[1]);
                Msg.InodeOp op = a.op.equals("free_blocks") ? Msg.InodeOp.FREE_BLOCKS : Msg.InodeOp.ALLOC_BLOCKS;
                return send(ino.addr(), new Msg.InodeReq(op, null, null, r.from(), r.to(), null, site));
            }
            case "unmap": {
                Program.InodeInfo ino = inode(a, v[0]);
                Value.Range r = range(a, ino, v[1]);
                List<Step> s = new ArrayList<>();
                for (long i = r.from(); i < r.to(); i++) {
                    s.add(new Step(ino.slotAddr(i), new Msg.SlotReq(Msg.SlotOp.UNMAP, 0, null, null, null, 0, site)));
                }
                return sendAll(s);
            }
            case "free_swap": {
                if (!(v[0] instanceof Value.SwapRef s)) throw new ModelError(a.pos, "free_swap needs a swap entry, got " + v[0]);
                return send(s.slot(), new Msg.SlotReq(Msg.SlotOp.FREE_SWAP, s.id(), null, null, null, 0, site));
            }
            case "wait": {
                if (!(v[0] instanceof Value.WaitqRef q)) throw new ModelError(a.pos, "wait needs a wait queue, got " + v[0]);
                int release = -1;
                if (extra != null) {
                    if (!(extra instanceof Value.LockRef l)) throw new ModelError(a.pos, "wait ... releasing needs a lock, got " + extra);
                    release = l.addr();
                }
                Value r = send(q.addr(), new Msg.WaitqReq(false, release, Msg.LockOp.RELEASE_HELD, site), release >= 0 ? 2 : 1);
                return r;
            }
            case "wake_all": {
                if (!(v[0] instanceof Value.WaitqRef q)) throw new ModelError(a.pos, "wake_all needs a wait queue, got " + v[0]);
                return send(q.addr(), new Msg.WaitqReq(true, -1, null, site));
            }
            case "set_field": {
                Program.InodeInfo ino = inode(a, v[0]);
                if (!ino.hasField(a.flag) && !a.flag.equals("i_size")) {
                    throw new ModelError(a.pos, "inode " + ino.name() + " has no field '" + a.flag + "'");
                }
                return send(ino.addr(), new Msg.InodeReq(Msg.InodeOp.WRITE_FIELD, a.flag, v[1], 0, 0, null, site));
            }
            case "lru_isolate":
                return send(program.lruAddr(), new Msg.LruReq(Msg.LruOp.ISOLATE, null, null, site));
            case "lru_putback": {
                if (!(v[0] instanceof Value.PageRef ref)) throw new ModelError(a.pos, "lru_putback needs a page, got " + v[0]);
                return send(program.lruAddr(), new Msg.LruReq(Msg.LruOp.PUTBACK, ref, null, site));
            }
            case "yield":
                return send(self, new Msg.Reply(self, Value.None.NONE));
            default:
                throw new ModelError(a.pos, "operation '" + a.op + "' is not implemented");
        }
    }

    /** Context scopes: the blocks memalloc_nofs, memalloc_noio and in_irq. */
    private static final int CTX_NOFS = 0, CTX_NOIO = 1, CTX_IRQ = 2;

    private static int context(String scope) {
        return switch (scope) {
            case "memalloc_nofs" -> CTX_NOFS;
            case "memalloc_noio" -> CTX_NOIO;
            case "in_irq" -> CTX_IRQ;
            default -> throw new IllegalStateException(scope);
        };
    }

    /** Whether a context scope is open in any frame: like current->flags, it spans calls. */
    private boolean scoped(int ctx) {
        for (Frame f : stack) if (f.scopes[ctx] > 0) return true;
        return false;
    }

    private boolean inInterrupt() { return scoped(CTX_IRQ); }

    /** __GFP_FS survives current_gfp_context(): no memalloc_nofs or memalloc_noio scope is open. */
    private boolean fsContext() { return !scoped(CTX_NOFS) && !scoped(CTX_NOIO); }

    @Override public boolean mayEnterFs() {
        for (Frame f : stack) if (f.reclaimFrame) return f.reclaimFs;
        return fsContext();
    }

    /**
     * {@code alloc [nofs|noio|nowait|atomic]}. As the page allocator and
     * lockdep decide: an allocation that cannot reclaim directly (nowait,
     * atomic: no __GFP_DIRECT_RECLAIM) neither sleeps nor reclaims nor records
     * fs_reclaim; one made by reclaim itself (PF_MEMALLOC) never recurses; any
     * other may sleep (might_alloc()) and, with probability reclaim_chance,
     * runs the scenario's reclaim path right here, as direct reclaim does.
     * fs_reclaim_acquire() records the fs_reclaim dependency only with
     * __GFP_FS in current_gfp_context(): not for nofs/noio allocations, nor
     * inside memalloc_nofs/memalloc_noio scopes; reclaim entered from such an
     * allocation sees may_enter_fs() false.
     */
    private Value alloc(Ex.ActionEx a) {
        if (inReclaim()) return Value.None.NONE;
        boolean direct = !"nowait".equals(a.flag) && !"atomic".equals(a.flag);
        if (!direct) return Value.None.NONE;
        boolean fs = !"nofs".equals(a.flag) && !"noio".equals(a.flag) && fsContext();
        long num = program.config().reclaimNum();
        long den = program.config().reclaimDen();
        Value coin = cached();
        if (coin == null) {
            boolean reclaim = num >= den || (num > 0 && rs.choose(ChoiceKind.RECLAIM, (int) den) < num);
            coin = remember(Value.bool(reclaim));
            // might_alloc(): an allocation may sleep, and lockdep records it as taking fs_reclaim
            // whether or not it reclaims (fs_reclaim_acquire/release around every allocation)
            Site site = site(a.pos);
            fx.event(new Event.MightSleep(self, "alloc", null, site));
            if (fs) fx.event(new Event.Attempt(self, FS_RECLAIM, FS_RECLAIM, Mode.WRITE, site, -1, -1, false, false));
        }
        if (!Value.truthy(coin)) return Value.None.NONE;
        // direct reclaim: the reclaim path, right here in the allocating task
        return callPath(program.reclaim(), new Value[0], a.pos, fs);
    }

    /** {@code pick_page}: a scan over the slots from a chosen start, answered by the first candidate. */
    private Value pickPage(Ex.ActionEx a, Value[] v) {
        List<Integer> slots = new ArrayList<>();
        if (v.length == 1) {
            Program.InodeInfo ino = inode(a, v[0]);
            for (int i = 0; i < ino.pages(); i++) slots.add(ino.slotAddr(i));
        } else {
            for (Program.InodeInfo ino : program.inodes()) for (int i = 0; i < ino.pages(); i++) slots.add(ino.slotAddr(i));
        }
        if (slots.isEmpty()) return Value.None.NONE;
        int start = (int) ((Value.Int) choose(ChoiceKind.PICK, a.pos, 0, slots.size() - 1)).v();
        Value c = cached();
        if (c != null) return c;
        int[] route = new int[slots.size()];
        for (int i = 0; i < route.length; i++) route[i] = slots.get((start + i) % route.length);
        return send(route[0], new Msg.SlotReq(Msg.SlotOp.PICK, 0, a.flag, null, route, 0, site(a.pos)));
    }

    private Value lockOp(Ex.ActionEx a, Value l, Msg.LockOp op, Site site) {
        return lockOp(a, l, op, site, 0);
    }

    private Value lockOp(Ex.ActionEx a, Value l, Msg.LockOp op, Site site, int subclass) {
        if (!(l instanceof Value.LockRef ref)) throw new ModelError(a.pos, a.op + " needs a lock, got " + l);
        return send(ref.addr(), new Msg.LockReq(op, site, subclass, inInterrupt()));
    }

    private static int subclass(Value v) {
        return (int) ((Value.Int) v).v(); // a constant 0..7, checked by the compiler
    }

    /**
     * Both locks for write, the same lock once, the second with lockdep
     * subclass 1. {@code lock_two} orders them as
     * filemap_invalidate_lock_two() does, by address_space address (here:
     * the inodes' declaration order); {@code lock_two_inodes} as
     * xfs_lock_two_inodes() does, by inode number ({@code ino}). Locks of no
     * inode order by their own address.
     */
    private Value lockTwo(Ex.ActionEx a, Value[] v, Site site, boolean byInodeNumber) {
        if (!(v[0] instanceof Value.LockRef x) || !(v[1] instanceof Value.LockRef y)) {
            throw new ModelError(a.pos, a.op + " needs two locks, got " + v[0] + " and " + v[1]);
        }
        Program.LockInfo lx = program.lock(x.addr()), ly = program.lock(y.addr());
        if (!lx.cls().equals(ly.cls())) {
            throw new ModelError(a.pos, a.op + " takes two locks of one class, got " + lx.cls() + " and " + ly.cls());
        }
        Msg.LockOp op = lx.kind().shared() ? Msg.LockOp.DOWN_WRITE : Msg.LockOp.LOCK;
        List<Step> s = new ArrayList<>();
        boolean xFirst = order(lx, byInodeNumber) <= order(ly, byInodeNumber);
        Program.LockInfo first = xFirst ? lx : ly, second = xFirst ? ly : lx;
        boolean irq = inInterrupt();
        s.add(new Step(first.addr(), new Msg.LockReq(op, site, 0, irq)));
        if (second.addr() != first.addr()) s.add(new Step(second.addr(), new Msg.LockReq(op, site, 1, irq)));
        return sendAll(s);
    }

    private long order(Program.LockInfo l, boolean byInodeNumber) {
        if (l.inode() < 0) return 2_000_000_000L + l.addr();
        return byInodeNumber ? program.inodes().get(l.inode()).ino() : l.inode();
    }

    private Value pageOp(Ex.ActionEx a, Value p, Msg.SlotOp op, Site site) {
        if (!(p instanceof Value.PageRef ref)) throw new ModelError(a.pos, a.op + " needs a page, got " + p);
        return send(ref.slot(), new Msg.SlotReq(op, ref.id(), null, null, null, 0, site));
    }

    private Program.InodeInfo inode(Ex.ActionEx a, Value v) {
        return inode(a.pos, a.op, v);
    }

    private Program.InodeInfo inode(Pos pos, String op, Value v) {
        if (!(v instanceof Value.InodeRef ref)) throw new ModelError(pos, op + " needs an inode, got " + v);
        return program.inodes().get(ref.index());
    }

    private long index(Ex.ActionEx a, Program.InodeInfo ino, Value v) {
        long idx = Ex.asInt(v, a.pos, a.op);
        if (idx < 0 || idx >= ino.pages()) {
            throw new ModelError(a.pos, "index " + idx + " is outside " + ino.name() + " (pages 0.." + (ino.pages() - 1) + ")");
        }
        return idx;
    }

    private int slot(Ex.ActionEx a, Value inode, Value idx) {
        Program.InodeInfo ino = inode(a, inode);
        return ino.slotAddr(index(a, ino, idx));
    }

    private Value.Range range(Ex.ActionEx a, Program.InodeInfo ino, Value v) {
        return range(a.pos, a.op, ino, v);
    }

    private Value.Range range(Pos pos, String op, Program.InodeInfo ino, Value v) {
        Value.Range r = (Value.Range) v;
        if (r.from() < 0 || r.to() > ino.pages() || r.to() < r.from()) {
            throw new ModelError(pos, "bad range " + r + " for " + ino.name() + " (pages 0.." + ino.pages() + ", half-open)");
        }
        return r;
    }

    private Value send(int to, Msg msg) {
        return send(to, msg, 1);
    }

    private Value send(int to, Msg msg, int replies) {
        fx.send(to, self, msg);
        awaiting = replies;
        steps = List.of();
        nextStep = 0;
        sent = true;
        return SUSPENDED;
    }

    /** Sends the first of several requests; each reply sends the next, the last one's reply resumes the task. */
    private Value sendAll(List<Step> s) {
        if (s.isEmpty()) return remember(Value.None.NONE);
        Step first = s.get(0);
        fx.send(first.to(), self, first.msg());
        awaiting = 1;
        steps = s;
        nextStep = 1;
        sent = true;
        return SUSPENDED;
    }

    private Site site(Pos pos) {
        return new Site(pos, top().chain);
    }
}
