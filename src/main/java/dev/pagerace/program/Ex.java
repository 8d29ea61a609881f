package dev.pagerace.program;

import static dev.pagerace.program.Value.Suspended.SUSPENDED;

import dev.pagerace.lang.Pos;

/** A compiled expression: names resolved to local slots or constants. */
public abstract class Ex {
    public final Pos pos;

    protected Ex(Pos pos) {
        this.pos = pos;
    }

    /** The expression's value, or {@link Value.Suspended#SUSPENDED} (handed straight up) once the task has suspended. */
    public abstract Value eval(Interp in);

    /** The value if this expression is a compile-time constant, else null. */
    public Value constant() { return null; }

    public static final class Const extends Ex {
        public final Value value;
        public Const(Pos pos, Value value) { super(pos); this.value = value; }
        @Override public Value eval(Interp in) { return value; }
        @Override public Value constant() { return value; }
    }

    public static final class Local extends Ex {
        public final int slot;
        public final String name;
        public Local(Pos pos, int slot, String name) { super(pos); this.slot = slot; this.name = name; }
        @Override public Value eval(Interp in) { return in.local(slot, name, pos); }
    }

    /**
     * {@code target.name}. Locks and wait queues of an inode resolve locally
     * (they are part of the inode's static shape); fields, {@code i_size} and
     * page state are shared and read through the owning actor.
     */
    public static final class AttrEx extends Ex {
        public final Ex target;
        public final String name;
        public AttrEx(Pos pos, Ex target, String name) { super(pos); this.target = target; this.name = name; }

        @Override public Value eval(Interp in) {
            Value t = target.eval(in);
            if (t == SUSPENDED) return t;
            if (t instanceof Value.InodeRef ino) {
                Value v = in.program().staticAttr(ino.index(), name);
                if (v != null) return v;
                if (!in.program().inodes().get(ino.index()).hasField(name) && !name.equals("i_size")) {
                    throw new ModelError(pos, "inode " + ino.name() + " has no field or lock '" + name + "'");
                }
                return in.read(this, t);
            }
            if (t instanceof Value.PageRef) return in.read(this, t);
            if (t == Value.None.NONE) throw new ModelError(pos, "reading '." + name + "' of none");
            throw new ModelError(pos, "'" + t + "' has no attribute '" + name + "'");
        }
    }

    public static final class UnaryEx extends Ex {
        public final String op;
        public final Ex operand;
        /** {@code !} rather than {@code -}, decoded once. */
        public final boolean not;
        public UnaryEx(Pos pos, String op, Ex operand) { super(pos); this.op = op; this.operand = operand; this.not = op.equals("!"); }

        @Override public Value eval(Interp in) {
            Value v = operand.eval(in);
            if (v == SUSPENDED) return v;
            if (not) return Value.bool(!Value.truthy(v));
            long x = asInt(v, pos, "-");
            if (x == Long.MIN_VALUE) throw new ModelError(pos, "integer overflow: -(" + x + ")");
            return Value.Int.of(-x);
        }
    }

    public static final class BinaryEx extends Ex {
        public final String op;
        public final Ex left, right;
        /** The operator, decoded once: a switch on the string at every evaluation was measurable. */
        private final BinOp code;
        public BinaryEx(Pos pos, String op, Ex left, Ex right) {
            super(pos);
            this.op = op;
            this.left = left;
            this.right = right;
            this.code = BinOp.of(op);
        }

        @Override public Value eval(Interp in) {
            boolean and = code == BinOp.AND;
            if (and || code == BinOp.OR) {
                Value l = left.eval(in);
                if (l == SUSPENDED) return l;
                if (Value.truthy(l) != and) return Value.bool(!and); // short-circuit
                Value r = right.eval(in);
                return r == SUSPENDED ? r : Value.bool(Value.truthy(r));
            }
            Value l = left.eval(in);
            if (l == SUSPENDED) return l;
            Value r = right.eval(in);
            if (r == SUSPENDED) return r;
            if (code == BinOp.EQ) return Value.bool(l.equals(r));
            if (code == BinOp.NE) return Value.bool(!l.equals(r));
            long a = asInt(l, pos, op);
            long b = asInt(r, pos, op);
            return switch (code) {
                case LT -> Value.bool(a < b);
                case LE -> Value.bool(a <= b);
                case GT -> Value.bool(a > b);
                case GE -> Value.bool(a >= b);
                // 64-bit arithmetic that never wraps silently: an overflow is a model error
                case ADD, SUB, MUL -> {
                    try {
                        yield Value.Int.of(code == BinOp.ADD ? Math.addExact(a, b) : code == BinOp.SUB ? Math.subtractExact(a, b) : Math.multiplyExact(a, b));
                    } catch (ArithmeticException e) {
                        throw new ModelError(pos, "integer overflow: " + a + " " + op + " " + b);
                    }
                }
                case DIV, MOD -> {
                    if (b == 0) throw new ModelError(pos, "division by zero");
                    if (a == Long.MIN_VALUE && b == -1) throw new ModelError(pos, "integer overflow: " + a + " " + op + " " + b);
                    yield Value.Int.of(code == BinOp.DIV ? a / b : a % b);
                }
                default -> throw new IllegalStateException(op);
            };
        }
    }

    /** The binary operators of the language. */
    enum BinOp {
        AND("&&"), OR("||"), EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%");

        private final String text;
        BinOp(String text) { this.text = text; }

        static BinOp of(String op) {
            for (BinOp b : values()) if (b.text.equals(op)) return b;
            throw new IllegalArgumentException("no binary operator '" + op + "'");
        }
    }

    /** Built-in functions: rand, min, max, is_page, is_swap. */
    public static final class Builtin extends Ex {
        public final String name;
        public final Ex[] args;
        /** The function, decoded once. */
        private final Fn fn;
        private enum Fn { MAY_ENTER_FS, IS_PAGE, IS_SWAP, MIN, MAX, RAND }
        public Builtin(Pos pos, String name, Ex[] args) {
            super(pos);
            this.name = name;
            this.args = args;
            this.fn = Fn.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }

        @Override public Value eval(Interp in) {
            if (fn == Fn.MAY_ENTER_FS) return Value.bool(in.mayEnterFs());
            Value x = args[0].eval(in);
            if (x == SUSPENDED) return x;
            if (fn == Fn.IS_PAGE) return Value.bool(x instanceof Value.PageRef);
            if (fn == Fn.IS_SWAP) return Value.bool(x instanceof Value.SwapRef);
            Value y = args[1].eval(in);
            if (y == SUSPENDED) return y;
            long a = asInt(x, pos, name);
            long b = asInt(y, pos, name);
            return switch (fn) {
                case MIN -> Value.Int.of(Math.min(a, b));
                case MAX -> Value.Int.of(Math.max(a, b));
                case RAND -> {
                    if (b < a) throw new ModelError(pos, "rand(" + a + ", " + b + "): empty range");
                    yield in.choose(ChoiceKind.RAND, pos, a, b);
                }
                default -> throw new IllegalStateException(name);
            };
        }
    }

    /** A shared operation; see {@link dev.pagerace.lang.Actions}. */
    public static final class ActionEx extends Ex {
        public final String op;
        public final Ex[] args;
        public final String flag;
        public final Ex extra;
        public ActionEx(Pos pos, String op, Ex[] args, String flag, Ex extra) {
            super(pos);
            this.op = op;
            this.args = args;
            this.flag = flag;
            this.extra = extra;
        }

        @Override public Value eval(Interp in) {
            Value[] vals = evalAll(args, in);
            if (vals == null) return SUSPENDED;
            Value x = extra == null ? null : extra.eval(in);
            return x == SUSPENDED ? x : in.action(this, vals, x);
        }
    }

    /** {@code A..B} as an operand: evaluates to a two-element pair. */
    public static final class RangeEx extends Ex {
        public final Ex from, to;
        public RangeEx(Pos pos, Ex from, Ex to) { super(pos); this.from = from; this.to = to; }

        @Override public Value eval(Interp in) {
            Value x = from.eval(in);
            if (x == SUSPENDED) return x;
            Value y = to.eval(in);
            if (y == SUSPENDED) return y;
            return new Value.Range(asInt(x, pos, ".."), asInt(y, pos, ".."));
        }
    }

    public static final class CallEx extends Ex {
        public final String name;
        public final Ex[] args;
        public PathCode target; // set once every path of the program is compiled
        public CallEx(Pos pos, String name, Ex[] args) { super(pos); this.name = name; this.args = args; }

        @Override public Value eval(Interp in) {
            Value[] vals = evalAll(args, in);
            return vals == null ? SUSPENDED : in.call(this, vals);
        }
    }

    /** Every operand's value in order, or null once one of them suspends the task. */
    static Value[] evalAll(Ex[] args, Interp in) {
        Value[] vals = new Value[args.length];
        for (int i = 0; i < args.length; i++) {
            Value v = args[i].eval(in);
            if (v == SUSPENDED) return null;
            vals[i] = v;
        }
        return vals;
    }

    public static long asInt(Value v, Pos pos, String op) {
        if (v instanceof Value.Int i) return i.v();
        throw new ModelError(pos, "'" + op + "' needs an integer, got " + v);
    }
}
