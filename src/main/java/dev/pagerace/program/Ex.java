package dev.pagerace.program;

import dev.pagerace.lang.Pos;

/** A compiled expression: names resolved to local slots or constants. */
public abstract class Ex {
    public final Pos pos;

    protected Ex(Pos pos) {
        this.pos = pos;
    }

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
        public UnaryEx(Pos pos, String op, Ex operand) { super(pos); this.op = op; this.operand = operand; }

        @Override public Value eval(Interp in) {
            Value v = operand.eval(in);
            if (op.equals("!")) return Value.bool(!Value.truthy(v));
            long x = asInt(v, pos, "-");
            if (x == Long.MIN_VALUE) throw new ModelError(pos, "integer overflow: -(" + x + ")");
            return Value.Int.of(-x);
        }
    }

    public static final class BinaryEx extends Ex {
        public final String op;
        public final Ex left, right;
        public BinaryEx(Pos pos, String op, Ex left, Ex right) { super(pos); this.op = op; this.left = left; this.right = right; }

        @Override public Value eval(Interp in) {
            switch (op) {
                case "&&": return Value.bool(Value.truthy(left.eval(in)) && Value.truthy(right.eval(in)));
                case "||": return Value.bool(Value.truthy(left.eval(in)) || Value.truthy(right.eval(in)));
                default: break;
            }
            Value l = left.eval(in);
            Value r = right.eval(in);
            switch (op) {
                case "==": return Value.bool(l.equals(r));
                case "!=": return Value.bool(!l.equals(r));
                default: break;
            }
            long a = asInt(l, pos, op);
            long b = asInt(r, pos, op);
            return switch (op) {
                case "<" -> Value.bool(a < b);
                case "<=" -> Value.bool(a <= b);
                case ">" -> Value.bool(a > b);
                case ">=" -> Value.bool(a >= b);
                // 64-bit arithmetic that never wraps silently: an overflow is a model error
                case "+", "-", "*" -> {
                    try {
                        yield Value.Int.of(op.equals("+") ? Math.addExact(a, b) : op.equals("-") ? Math.subtractExact(a, b) : Math.multiplyExact(a, b));
                    } catch (ArithmeticException e) {
                        throw new ModelError(pos, "integer overflow: " + a + " " + op + " " + b);
                    }
                }
                case "/", "%" -> {
                    if (b == 0) throw new ModelError(pos, "division by zero");
                    if (a == Long.MIN_VALUE && b == -1) throw new ModelError(pos, "integer overflow: " + a + " " + op + " " + b);
                    yield Value.Int.of(op.equals("/") ? a / b : a % b);
                }
                default -> throw new IllegalStateException(op);
            };
        }
    }

    /** Built-in functions: rand, min, max, is_page, is_swap. */
    public static final class Builtin extends Ex {
        public final String name;
        public final Ex[] args;
        public Builtin(Pos pos, String name, Ex[] args) { super(pos); this.name = name; this.args = args; }

        @Override public Value eval(Interp in) {
            switch (name) {
                case "is_page": return Value.bool(args[0].eval(in) instanceof Value.PageRef);
                case "is_swap": return Value.bool(args[0].eval(in) instanceof Value.SwapRef);
                case "may_enter_fs": return Value.bool(in.mayEnterFs());
                default: break;
            }
            long a = asInt(args[0].eval(in), pos, name);
            long b = asInt(args[1].eval(in), pos, name);
            return switch (name) {
                case "min" -> Value.Int.of(Math.min(a, b));
                case "max" -> Value.Int.of(Math.max(a, b));
                case "rand" -> {
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
            Value[] vals = new Value[args.length];
            for (int i = 0; i < args.length; i++) vals[i] = args[i].eval(in);
            Value x = extra == null ? null : extra.eval(in);
            return in.action(this, vals, x);
        }
    }

    /** {@code A..B} as an operand: evaluates to a two-element pair. */
    public static final class RangeEx extends Ex {
        public final Ex from, to;
        public RangeEx(Pos pos, Ex from, Ex to) { super(pos); this.from = from; this.to = to; }

        @Override public Value eval(Interp in) {
            long a = asInt(from.eval(in), pos, "..");
            long b = asInt(to.eval(in), pos, "..");
            return new Value.Range(a, b);
        }
    }

    public static final class CallEx extends Ex {
        public final String name;
        public final Ex[] args;
        public PathCode target; // set once every path of the program is compiled
        public CallEx(Pos pos, String name, Ex[] args) { super(pos); this.name = name; this.args = args; }

        @Override public Value eval(Interp in) {
            Value[] vals = new Value[args.length];
            for (int i = 0; i < args.length; i++) vals[i] = args[i].eval(in);
            return in.call(this, vals);
        }
    }

    public static long asInt(Value v, Pos pos, String op) {
        if (v instanceof Value.Int i) return i.v();
        throw new ModelError(pos, "'" + op + "' needs an integer, got " + v);
    }
}
