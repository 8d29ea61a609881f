package dev.pagerace.lang;

import java.util.List;

/** The syntax tree of a {@code .kp} file, exactly as written (names unresolved). */
public final class Ast {
    private Ast() {}

    // ---- top-level items -------------------------------------------------------------------

    /** A top-level declaration. {@link #key()} names what a variant's redeclaration replaces. */
    public sealed interface Item {
        Pos pos();
        String key();
    }

    public record ScenarioDecl(Pos pos, String name, String title) implements Item {
        public String key() { return "scenario"; }
    }

    public record ImportDecl(Pos pos, String file) implements Item {
        public String key() { return "import:" + file; }
    }

    /** One key of a {@code config { }} block: {@code den} is 1 unless written as a fraction. */
    public record ConfigItem(Pos pos, String name, long num, long den) implements Item {
        public String key() { return "config:" + name; }
    }

    public record InodeDecl(Pos pos, String name, long pages, String backing, long ino) implements Item {
        public String key() { return "inode:" + name; }
    }

    /** {@code field INO.NAME = value}: an int or symbol field on an inode. */
    public record FieldDecl(Pos pos, String inode, String name, Expr init) implements Item {
        public String key() { return "field:" + inode + "." + name; }
    }

    /** {@code waitq [INO.]NAME}; {@code inode} is null for a global queue. */
    public record WaitqDecl(Pos pos, String inode, String name) implements Item {
        public String key() { return "name:" + (inode == null ? name : inode + "." + name); }
    }

    /**
     * {@code lock [INO.]NAME KIND [untracked] [class "NAME"]}; {@code inode} is
     * null for a global lock; {@code kernelClass} the lockdep class name
     * reports print for it, or null for the default.
     */
    public record LockDecl(Pos pos, String inode, String name, String kind, boolean untracked, String kernelClass) implements Item {
        public LockDecl(Pos pos, String inode, String name, String kind, boolean untracked) {
            this(pos, inode, name, kind, untracked, null);
        }

        public String key() { return "name:" + (inode == null ? name : inode + "." + name); }
    }

    public record Param(Pos pos, String name) {}

    public record PathDecl(Pos pos, String name, List<Param> params, List<Stmt> body) implements Item {
        public String key() { return "path:" + name; }
    }

    public record TaskDecl(Pos pos, String name, long count, List<Stmt> body) implements Item {
        public String key() { return "task:" + name; }
    }

    public record VariantDecl(Pos pos, String name, List<Item> items) implements Item {
        public String key() { return "variant:" + name; }
    }

    /**
     * {@code expect VARIANT KIND [within N runs] [depth D] [by SEARCH]}:
     * {@code within} 0 when not given; {@code depth} the bug's depth in PCT's
     * sense (the ordering constraints it needs), 0 when not given; {@code by}
     * the search whose runs {@code within} counts (random, pct, fair), null
     * for check's default.
     */
    public record ExpectDecl(Pos pos, String variant, Pos kindPos, String kind, long within, int depth, String by) implements Item {
        public String key() { return "expect:" + variant + ":" + kind; }
    }

    // ---- statements ------------------------------------------------------------------------

    public sealed interface Stmt {
        Pos pos();
    }

    public record ExprStmt(Pos pos, Expr expr) implements Stmt {}
    public record Assign(Pos pos, Expr target, Expr value) implements Stmt {}
    public record If(Pos pos, Expr cond, List<Stmt> then, List<Stmt> otherwise) implements Stmt {}
    public record While(Pos pos, Expr cond, List<Stmt> body) implements Stmt {}
    public record For(Pos pos, String var, Expr from, Expr to, List<Stmt> body) implements Stmt {}
    public record Repeat(Pos pos, Expr count, List<Stmt> body) implements Stmt {}
    public record Choose(Pos pos, List<List<Stmt>> branches) implements Stmt {}
    /** {@code op NAME [INODE A..B] { }}: {@code range} (an Action-free Range with inode) may be null. */
    public record OpBlock(Pos pos, String name, Expr inode, Range range, List<Stmt> body) implements Stmt {}
    /** {@code memalloc_nofs { }}, {@code memalloc_noio { }}, {@code in_irq { }}: task context for the block's duration. */
    public record ScopeBlock(Pos pos, String kind, List<Stmt> body) implements Stmt {}
    public record Return(Pos pos, Expr value) implements Stmt {}
    public record Break(Pos pos) implements Stmt {}
    public record Continue(Pos pos) implements Stmt {}
    public record Assert(Pos pos, Expr cond, String message) implements Stmt {}

    // ---- expressions -----------------------------------------------------------------------

    public sealed interface Expr {
        Pos pos();
    }

    public record IntLit(Pos pos, long value) implements Expr {}
    public record SymLit(Pos pos, String name) implements Expr {}
    public record NoneLit(Pos pos) implements Expr {}
    public record Name(Pos pos, String name) implements Expr {}
    public record Attr(Pos pos, Expr target, String name) implements Expr {}
    public record Unary(Pos pos, String op, Expr operand) implements Expr {}
    public record Binary(Pos pos, String op, Expr left, Expr right) implements Expr {}
    /** {@code name(args)}: a built-in function or a path call. */
    public record Call(Pos pos, String name, List<Expr> args) implements Expr {}
    /** {@code A..B}, half-open; only as an operand of unmap/free_blocks/alloc_blocks. */
    public record Range(Pos pos, Expr from, Expr to) implements Expr {}

    /**
     * A shared operation such as {@code down_read L} or {@code add INO IDX uptodate from B}.
     * {@code flag} holds {@code uptodate} for add or the filter of pick_page; {@code extra}
     * holds add's block or wait's lock to release.
     */
    public record Action(Pos pos, String op, List<Expr> args, String flag, Expr extra) implements Expr {}
}
