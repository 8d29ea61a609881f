package dev.pagerace.lang;

import dev.pagerace.lang.Ast.*;
import dev.pagerace.lang.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for {@code .kp} files. Statements end at a newline,
 * {@code ;} or {@code }}; a line may continue after a binary operator, a comma
 * or an opening parenthesis. Operands of shared operations are unary-level
 * expressions, so {@code find ino (idx + 1)} needs its parentheses.
 */
public final class Parser {
    static final Set<String> KEYWORDS = Set.of(
        "if", "else", "while", "for", "in", "repeat", "choose", "or", "op", "return", "break",
        "continue", "assert", "none", "true", "false", "memalloc_nofs", "memalloc_noio", "in_irq");

    static final Set<String> LOCK_KINDS = Set.of("rwsem", "mutex", "spinlock", "rwlock");

    /** Words that begin a top-level item: where the parser picks up again after an error. */
    static final Set<String> DECLARATIONS = Set.of("scenario", "import", "config", "inode", "field", "waitq", "lock", "path", "task",
        "variant", "expect");

    private final Source src;
    private final List<Token> toks;
    private final List<Diagnostic> errors = new ArrayList<>();
    private int k;

    public Parser(Source src) {
        this.src = src;
        Lexer lexer = new Lexer(src);
        this.toks = lexer.tokens();
        errors.addAll(lexer.errors());
    }

    /** Parses a whole file; throws with every error found, lexical and syntactic, in file order. */
    public static List<Item> parse(Source src) throws ScenarioException {
        return new Parser(src).file();
    }

    // ---- items -------------------------------------------------------------------------------

    /**
     * Every item of the file. An error ends its item only: the parser
     * records it and goes on at the next line that starts, in column 1, with
     * a declaration word, so one run of the command shows an error in every
     * broken item (and every lexical error).
     */
    public List<Item> file() throws ScenarioException {
        List<Item> items = new ArrayList<>();
        skipSeparators();
        while (peek().kind() != Kind.EOF) {
            int at = k;
            try {
                items.addAll(item(false));
                endOfItem();
            } catch (ScenarioException e) {
                errors.addAll(e.diagnostics());
                depth = 0;
                resync(at);
            }
        }
        if (!errors.isEmpty()) {
            List<Diagnostic> sorted = new ArrayList<>(errors);
            // lexical and syntactic errors in file order; an error the lexer already reported at a place is not repeated
            sorted.sort(java.util.Comparator.comparingInt((Diagnostic d) -> d.pos().line()).thenComparingInt(d -> d.pos().col()));
            List<Diagnostic> unique = new ArrayList<>();
            for (Diagnostic d : sorted) {
                if (unique.isEmpty() || !samePlace(unique.get(unique.size() - 1).pos(), d.pos())) unique.add(d);
            }
            throw new ScenarioException(unique);
        }
        return items;
    }

    private static boolean samePlace(Pos a, Pos b) {
        return a.line() == b.line() && a.col() == b.col();
    }

    /** After an error in the item that began at token {@code from}: skip to the next top-level declaration. */
    private void resync(int from) {
        k = Math.max(k, from + 1);
        while (peek().kind() != Kind.EOF) {
            Token t = peek();
            if (t.kind() == Kind.IDENT && t.pos().col() == 1 && DECLARATIONS.contains(t.text()) && k > from) return;
            k++;
        }
    }

    private List<Item> item(boolean inVariant) throws ScenarioException {
        Token t = peek();
        if (t.kind() != Kind.IDENT) {
            throw error(t, "expected a declaration (scenario, import, config, inode, field, waitq, lock, path, task, variant, expect), found " + t.describe());
        }
        switch (t.text()) {
            case "scenario": {
                if (inVariant) throw error(t, "'scenario' cannot appear inside a variant");
                next();
                String name = word("scenario name");
                String title = peek().kind() == Kind.STRING ? next().text() : "";
                return List.of(new ScenarioDecl(t.pos(), name, title));
            }
            case "import": {
                next();
                Token f = expectKind(Kind.STRING, "a quoted file name after 'import'");
                return List.of(new ImportDecl(f.pos(), f.text()));
            }
            case "config":
                return config();
            case "inode": {
                next();
                Token name = ident("inode name");
                checkNotSymbol(name, "an inode name");
                expectWord("pages");
                Token n = expectKind(Kind.INT, "the number of pages");
                expectWord("backing");
                Token b = ident("'swap' or 'disk'");
                if (!b.text().equals("swap") && !b.text().equals("disk")) {
                    throw error(b, "backing must be 'swap' or 'disk', not '" + b.text() + "'");
                }
                long pages = parseLong(n);
                if (pages < 1 || pages > 4096) throw error(n, "an inode has 1 to 4096 pages, not " + pages);
                long ino = -1;
                if (peek().is("ino")) {
                    // the inode number (i_ino), which xfs_lock_two_inodes() orders by; default: declaration order
                    next();
                    Token k = expectKind(Kind.INT, "the inode number");
                    ino = parseLong(k);
                    if (ino < 1 || ino > 1_000_000_000L) throw error(k, "an inode number is from 1 to 1000000000, not " + ino);
                }
                return List.of(new InodeDecl(name.pos(), name.text(), pages, b.text(), ino));
            }
            case "field": {
                next();
                Token ino = ident("inode name");
                checkNotSymbol(ino, "an inode name");
                expectPunct(".");
                Token f = ident("field name");
                expectPunct("=");
                Expr init = expr();
                return List.of(new FieldDecl(ino.pos(), ino.text(), f.text(), init));
            }
            case "waitq": {
                next();
                String[] q = qualified("wait queue name");
                return List.of(new WaitqDecl(t.pos(), q[0], q[1]));
            }
            case "lock": {
                next();
                String[] q = qualified("lock name");
                Token kind = ident("a lock kind (rwsem, mutex, spinlock, rwlock)");
                if (!LOCK_KINDS.contains(kind.text())) {
                    throw error(kind, "unknown lock kind '" + kind.text() + "' (rwsem, mutex, spinlock, rwlock)");
                }
                // untracked: a lock lockdep cannot see (a gfs2 glock, a bit lock); pagerace still tracks it
                boolean untracked = false;
                if (peek().is("untracked")) {
                    next();
                    untracked = true;
                }
                // class "NAME": the lockdep class name reports print (lockdep_set_class_and_name())
                String kernelClass = null;
                if (peek().is("class")) {
                    next();
                    kernelClass = expectKind(Kind.STRING, "a quoted lockdep class name after 'class'").text();
                }
                return List.of(new LockDecl(t.pos(), q[0], q[1], kind.text(), untracked, kernelClass));
            }
            case "path": {
                next();
                Token name = ident("path name");
                checkNotReserved(name);
                expectPunct("(");
                List<Param> params = new ArrayList<>();
                if (!peek().is(")")) {
                    do {
                        Token p = ident("parameter name");
                        checkNotReserved(p);
                        params.add(new Param(p.pos(), p.text()));
                    } while (accept(","));
                }
                expectPunct(")");
                return List.of(new PathDecl(name.pos(), name.text(), params, block()));
            }
            case "task": {
                next();
                Token name = ident("task name");
                long count = 1;
                if (accept("*")) {
                    Token n = expectKind(Kind.INT, "the number of task instances");
                    count = parseLong(n);
                    if (count < 1 || count > 256) throw error(n, "a task has 1 to 256 instances, not " + count);
                }
                return List.of(new TaskDecl(name.pos(), name.text(), count, block()));
            }
            case "variant": {
                if (inVariant) throw error(t, "variants cannot be nested");
                next();
                Pos p = peek().pos();
                String name = word("variant name");
                expectPunct("{");
                List<Item> items = new ArrayList<>();
                skipSeparators();
                while (!peek().is("}")) {
                    if (peek().kind() == Kind.EOF) throw error(peek(), "unclosed variant: expected '}'");
                    items.addAll(item(true));
                    endOfItem();
                }
                next();
                return List.of(new VariantDecl(p, name, items));
            }
            case "expect": {
                if (inVariant) throw error(t, "'expect' belongs at top level, not inside a variant");
                next();
                Pos vp = peek().pos();
                String variant = word("variant name");
                Token kind = ident("an expected result (clean, deadlock, ...)");
                long within = 0;
                if (peek().is("within")) {
                    next();
                    Token n = expectKind(Kind.INT, "a number of runs");
                    within = parseLong(n);
                    if (within < 1) throw error(n, "'within' needs at least 1 run");
                    expectWord("runs");
                }
                int depth = 0;
                if (peek().is("depth")) {
                    next();
                    Token d = expectKind(Kind.INT, "the bug's depth (ordering constraints)");
                    long v = parseLong(d);
                    if (v < 1 || v > dev.pagerace.program.Program.MAX_BUG_DEPTH) {
                        throw error(d, "'depth' must be 1 to " + dev.pagerace.program.Program.MAX_BUG_DEPTH + ", not " + v);
                    }
                    if (kind.text().equals("clean")) throw error(d, "'depth' describes a bug; 'clean' has none");
                    depth = (int) v;
                }
                String by = null;
                if (peek().is("by")) {
                    next();
                    String searches = String.join(", ", dev.pagerace.program.Program.STRATEGIES);
                    Token b = ident("a search (" + searches + ")");
                    if (!dev.pagerace.program.Program.STRATEGIES.contains(b.text())) {
                        throw error(b, "unknown search '" + b.text() + "' after 'by' (" + searches + ")");
                    }
                    if (kind.text().equals("clean")) throw error(b, "'by' names the search that finds a bug; 'clean' is checked by fair");
                    by = b.text();
                }
                return List.of(new ExpectDecl(vp, variant, kind.pos(), kind.text(), within, depth, by));
            }
            default:
                throw error(t, "unknown declaration '" + t.text() + "' (scenario, import, config, inode, field, waitq, lock, path, task, variant, expect)");
        }
    }

    private List<Item> config() throws ScenarioException {
        next();
        expectPunct("{");
        List<Item> items = new ArrayList<>();
        skipSeparators();
        while (!peek().is("}")) {
            Token key = ident("a config key");
            Token n = expectKind(Kind.INT, "a number for '" + key.text() + "'");
            long num = parseLong(n);
            long den = 1;
            if (accept("/")) {
                Token d = expectKind(Kind.INT, "a denominator");
                den = parseLong(d);
                if (den == 0) throw error(d, "denominator must not be 0");
            }
            items.add(new ConfigItem(key.pos(), key.text(), num, den));
            skipSeparators();
        }
        next();
        return items;
    }

    /** A possibly qualified name {@code INO.NAME} or {@code NAME}: returns {inode or null, name}. */
    private String[] qualified(String what) throws ScenarioException {
        Token a = ident(what);
        if (accept(".")) {
            checkNotSymbol(a, "an inode name");
            Token b = ident(what);
            return new String[] {a.text(), b.text()};
        }
        checkNotSymbol(a, "a " + what);
        return new String[] {null, a.text()};
    }

    /**
     * A name that code refers to (inode, lock, wait queue, path, parameter,
     * variable) cannot be all upper case: in an expression an upper-case word
     * is a symbol ({@code FALLOC}, {@code RETRY}), so such a name could be
     * declared but never used. The rule is enforced where the name is declared.
     */
    private void checkNotSymbol(Token t, String what) throws ScenarioException {
        if (isSymbol(t.text())) {
            throw error(t, "'" + t.text() + "' is all upper case, which makes it a symbol (like FALLOC or RETRY), so it cannot be "
                + what + ": use lower case, as in '" + t.text().toLowerCase(java.util.Locale.ROOT) + "'");
        }
    }

    // ---- nesting -----------------------------------------------------------------------------

    /**
     * How deep a scenario may nest: blocks, parentheses, unary operators and
     * chains of binary operators (a + b + c nests to the left) all count.
     * The compiler and the interpreter walk the tree recursively, so this
     * bound is what keeps them within the stack; no kernel protocol comes
     * near it.
     */
    public static final int MAX_NESTING = 200;

    private int depth;

    private void deeper(Token at) throws ScenarioException {
        if (++depth > MAX_NESTING) {
            throw error(at, "nested more than " + MAX_NESTING + " levels deep (blocks, parentheses and operators count): split it into paths");
        }
    }

    // ---- statements --------------------------------------------------------------------------

    private List<Stmt> block() throws ScenarioException {
        deeper(peek());
        try {
            return blockBody();
        } finally {
            depth--;
        }
    }

    private List<Stmt> blockBody() throws ScenarioException {
        expectPunct("{");
        List<Stmt> out = new ArrayList<>();
        skipSeparators();
        while (!peek().is("}")) {
            if (peek().kind() == Kind.EOF) throw error(peek(), "unclosed block: expected '}'");
            out.add(statement());
            Token t = peek();
            if (t.is("}")) break;
            if (t.kind() == Kind.NEWLINE || t.is(";")) {
                skipSeparators();
            } else {
                throw error(t, "expected end of statement, found " + t.describe());
            }
        }
        next();
        return out;
    }

    private Stmt statement() throws ScenarioException {
        Token t = peek();
        if (t.kind() == Kind.IDENT) {
            switch (t.text()) {
                case "if": return ifStmt();
                case "while": {
                    next();
                    Expr c = expr();
                    return new While(t.pos(), c, block());
                }
                case "for": {
                    next();
                    Token v = ident("loop variable");
                    checkNotReserved(v);
                    expectWord("in");
                    Expr a = additive();
                    expectPunct("..");
                    Expr b = additive();
                    return new For(v.pos(), v.text(), a, b, block());
                }
                case "repeat": {
                    next();
                    Expr n = expr();
                    return new Repeat(t.pos(), n, block());
                }
                case "choose": {
                    next();
                    List<List<Stmt>> branches = new ArrayList<>();
                    branches.add(block());
                    while (peek().is("or")) {
                        next();
                        branches.add(block());
                    }
                    return new Choose(t.pos(), branches);
                }
                case "op": {
                    next();
                    Token name = ident("operation name");
                    Expr ino = null;
                    Range range = null;
                    if (!peek().is("{")) {
                        // op punch INODE A..B { }: the range the punch_residue oracle watches
                        ino = unary();
                        Expr a = unary();
                        Token dots = peek();
                        if (!dots.is("..")) throw error(dots, "expected a range A..B after the op's inode, as in: op punch shm 0..8 { }");
                        next();
                        range = new Range(dots.pos(), a, unary());
                    }
                    return new OpBlock(name.pos(), name.text(), ino, range, block());
                }
                case "memalloc_nofs", "memalloc_noio", "in_irq": {
                    // memalloc_nofs_save()/restore(), memalloc_noio_save()/restore(), or interrupt context, as a block
                    next();
                    return new ScopeBlock(t.pos(), t.text(), block());
                }
                case "return": {
                    next();
                    Token n = peek();
                    Expr v = (n.kind() == Kind.NEWLINE || n.is(";") || n.is("}") || n.kind() == Kind.EOF) ? null : expr();
                    return new Return(t.pos(), v);
                }
                case "break": next(); return new Break(t.pos());
                case "continue": next(); return new Continue(t.pos());
                case "assert": {
                    next();
                    Expr c = expr();
                    Token m = expectKind(Kind.STRING, "a quoted message after the assert condition");
                    return new Assert(t.pos(), c, m.text());
                }
                case "else":
                    throw error(t, "'else' without 'if' (it must follow the if's closing brace on the same line)");
                default:
                    break;
            }
        }
        Token first = peek();
        Expr e = expr();
        if (peek().is("=")) {
            Token eq = next();
            if (!(e instanceof Name) && !(e instanceof Attr)) {
                throw error(eq, "left side of '=' must be a variable or an inode field");
            }
            Expr v = expr();
            return new Assign(eq.pos(), e, v);
        }
        return new ExprStmt(first.pos(), e);
    }

    private Stmt ifStmt() throws ScenarioException {
        Token t = next();
        Expr c = expr();
        List<Stmt> then = block();
        List<Stmt> otherwise = List.of();
        if (peek().is("else")) {
            next();
            if (peek().is("if")) {
                deeper(peek()); // an else-if chain nests like blocks
                try {
                    otherwise = List.of(ifStmt());
                } finally {
                    depth--;
                }
            } else {
                otherwise = block();
            }
        }
        return new If(t.pos(), c, then, otherwise);
    }

    // ---- expressions -------------------------------------------------------------------------

    public Expr expr() throws ScenarioException {
        return or();
    }

    private interface Level {
        Expr parse() throws ScenarioException;
    }

    private Expr or() throws ScenarioException {
        return leftAssociative(this::and, "||");
    }

    private Expr and() throws ScenarioException {
        return leftAssociative(this::comparison, "&&");
    }

    private Expr comparison() throws ScenarioException {
        return leftAssociative(this::additive, "==", "!=", "<", "<=", ">", ">=");
    }

    private Expr additive() throws ScenarioException {
        return leftAssociative(this::multiplicative, "+", "-");
    }

    private Expr multiplicative() throws ScenarioException {
        return leftAssociative(this::unary, "*", "/", "%");
    }

    /**
     * {@code next (op next)*}, grouped to the left. Each operator nests the
     * tree one level deeper on its left spine, so each counts against
     * {@link #MAX_NESTING}.
     */
    private static boolean isOneOf(Token t, String... ops) {
        for (String o : ops) if (t.is(o)) return true;
        return false;
    }

    private Expr leftAssociative(Level next, String... ops) throws ScenarioException {
        int base = depth;
        try {
            Expr l = next.parse();
            while (true) {
                Token op = peek();
                if (!isOneOf(op, ops)) return l;
                next();
                deeper(op);
                skipNewlines();
                l = new Binary(op.pos(), op.text(), l, next.parse());
            }
        } finally {
            depth = base;
        }
    }

    private Expr unary() throws ScenarioException {
        Token t = peek();
        if (t.is("!") || t.is("-")) {
            next();
            deeper(t);
            try {
                return new Unary(t.pos(), t.text(), unary());
            } finally {
                depth--;
            }
        }
        return postfix();
    }

    private Expr postfix() throws ScenarioException {
        Expr e = primary();
        while (peek().is(".")) {
            next();
            Token name = ident("an attribute name after '.'");
            e = new Attr(name.pos(), e, name.text());
        }
        return e;
    }

    private Expr primary() throws ScenarioException {
        Token t = next();
        switch (t.kind()) {
            case INT:
                return new IntLit(t.pos(), parseLong(t));
            case PUNCT:
                if (t.is("(")) {
                    deeper(t);
                    try {
                        skipNewlines();
                        Expr e = expr();
                        skipNewlines();
                        expectPunct(")");
                        return e;
                    } finally {
                        depth--;
                    }
                }
                throw error(t, "expected an expression, found " + t.describe());
            case IDENT: {
                String s = t.text();
                if (s.equals("none")) return new NoneLit(t.pos());
                if (s.equals("true")) return new IntLit(t.pos(), 1);
                if (s.equals("false")) return new IntLit(t.pos(), 0);
                if (isSymbol(s)) return new SymLit(t.pos(), s);
                if (Actions.isAction(s)) return action(t);
                if (KEYWORDS.contains(s)) throw error(t, "'" + s + "' cannot start an expression");
                if (peek().is("(") && peek().start() == t.end()) {
                    next();
                    List<Expr> args = new ArrayList<>();
                    skipNewlines();
                    if (!peek().is(")")) {
                        do {
                            skipNewlines();
                            args.add(expr());
                            skipNewlines();
                        } while (accept(","));
                    }
                    expectPunct(")");
                    return new Call(t.pos(), s, args);
                }
                return new Name(t.pos(), s);
            }
            default:
                throw error(t, "expected an expression, found " + t.describe());
        }
    }

    private Expr action(Token t) throws ScenarioException {
        Actions.Spec spec = Actions.get(t.text());
        if (peek().is("(") && peek().start() == t.end()) {
            throw error(peek(), "'" + t.text() + "' is an operation, written without parentheses: " + spec.usage());
        }
        List<Expr> args = new ArrayList<>();
        String flag = null;
        Expr extra = null;
        String shapes = spec.operands();
        for (int i = 0; i < shapes.length(); i++) {
            if (!startsOperand(peek())) {
                throw error(peek(), "'" + t.text() + "' takes " + operandCount(shapes) + ": " + spec.usage()
                    + " (found " + peek().describe() + ")");
            }
            if (shapes.charAt(i) == 'R') {
                Expr a = unary();
                Token dots = peek();
                if (!dots.is("..")) throw error(dots, "expected a range A..B, as in: " + spec.usage());
                next();
                Expr b = unary();
                args.add(new Range(dots.pos(), a, b));
            } else {
                args.add(unary());
            }
        }
        switch (t.text()) {
            case "add":
                if (peek().is("uptodate")) {
                    next();
                    flag = "uptodate";
                }
                if (peek().is("from")) {
                    next();
                    extra = unary();
                }
                break;
            case "pick_page":
                if (startsOperand(peek()) && !peek().is("where")) args.add(unary());
                if (peek().is("where")) {
                    next();
                    Token f = ident("a filter: " + String.join(", ", Actions.PICK_FILTERS));
                    if (!Actions.PICK_FILTERS.contains(f.text())) {
                        throw error(f, "unknown pick_page filter '" + f.text() + "' (" + String.join(", ", Actions.PICK_FILTERS) + ")");
                    }
                    flag = f.text();
                }
                break;
            case "alloc":
                if (peek().kind() == Kind.IDENT && Actions.GFP_FLAGS.contains(peek().text())) flag = next().text();
                else if (peek().kind() == Kind.IDENT && !KEYWORDS.contains(peek().text()) && startsOperand(peek())) {
                    throw error(peek(), "unknown allocation flag '" + peek().text() + "' (" + String.join(", ", Actions.GFP_FLAGS) + ")");
                }
                break;
            case "wait":
                if (peek().is("releasing")) {
                    next();
                    extra = unary();
                }
                break;
            default:
                break;
        }
        if (startsOperand(peek()) && !peek().is("uptodate") && !peek().is("from")) {
            throw error(peek(), "'" + t.text() + "' takes " + operandCount(shapes) + ": " + spec.usage()
                + " (extra operand " + peek().describe() + ")");
        }
        return new Action(t.pos(), t.text(), args, flag, extra);
    }

    private static String operandCount(String shapes) {
        int n = shapes.length();
        return n == 0 ? "no operands" : n == 1 ? "1 operand" : n + " operands";
    }

    private static boolean startsOperand(Token t) {
        return switch (t.kind()) {
            case INT -> true;
            case IDENT -> !KEYWORDS.contains(t.text()) || t.text().equals("none") || t.text().equals("true") || t.text().equals("false");
            case PUNCT -> t.is("(") || t.is("!") || t.is("-");
            default -> false;
        };
    }

    /** Upper-case words are symbols: {@code FALLOC}, {@code RETRY}, {@code NONE}. */
    static boolean isSymbol(String s) {
        if (s.isEmpty() || !Character.isUpperCase(s.charAt(0))) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isUpperCase(c) || Character.isDigit(c) || c == '_')) return false;
        }
        return true;
    }

    // ---- token helpers -----------------------------------------------------------------------

    /** A name that may contain hyphens, such as {@code rfc-2026}: adjacent tokens are glued. */
    private String word(String what) throws ScenarioException {
        Token t = next();
        if (t.kind() != Kind.IDENT && t.kind() != Kind.INT) throw error(t, "expected " + what + ", found " + t.describe());
        StringBuilder b = new StringBuilder(t.text());
        int end = t.end();
        while (true) {
            Token dash = peek();
            Token after = k + 1 < toks.size() ? toks.get(k + 1) : null;
            if (dash.is("-") && dash.start() == end && after != null && after.start() == dash.end()
                && (after.kind() == Kind.IDENT || after.kind() == Kind.INT)) {
                next();
                next();
                b.append('-').append(after.text());
                end = after.end();
            } else if ((dash.kind() == Kind.IDENT || dash.kind() == Kind.INT) && dash.start() == end) {
                next();
                b.append(dash.text());
                end = dash.end();
            } else {
                return b.toString();
            }
        }
    }

    private void checkNotReserved(Token t) throws ScenarioException {
        if (KEYWORDS.contains(t.text()) || Actions.isAction(t.text())) {
            throw error(t, "'" + t.text() + "' is a reserved word and cannot name a path, parameter or variable");
        }
        checkNotSymbol(t, "a path, parameter or variable name");
    }

    private Token ident(String what) throws ScenarioException {
        Token t = next();
        if (t.kind() != Kind.IDENT) throw error(t, "expected " + what + ", found " + t.describe());
        return t;
    }

    private void expectWord(String w) throws ScenarioException {
        Token t = next();
        if (!(t.kind() == Kind.IDENT && t.text().equals(w))) throw error(t, "expected '" + w + "', found " + t.describe());
    }

    private void expectPunct(String p) throws ScenarioException {
        Token t = next();
        if (!(t.kind() == Kind.PUNCT && t.text().equals(p))) throw error(t, "expected '" + p + "', found " + t.describe());
    }

    private Token expectKind(Kind kind, String what) throws ScenarioException {
        Token t = next();
        if (t.kind() != kind) throw error(t, "expected " + what + ", found " + t.describe());
        return t;
    }

    private boolean accept(String p) {
        if (peek().is(p) && peek().kind() == Kind.PUNCT) {
            k++;
            return true;
        }
        return false;
    }

    private void endOfItem() throws ScenarioException {
        Token t = peek();
        if (t.kind() == Kind.EOF || t.is("}")) return;
        if (t.kind() != Kind.NEWLINE && !t.is(";")) throw error(t, "expected end of line, found " + t.describe());
        skipSeparators();
    }

    private void skipSeparators() {
        while (peek().kind() == Kind.NEWLINE || (peek().kind() == Kind.PUNCT && peek().text().equals(";"))) k++;
    }

    private void skipNewlines() {
        while (peek().kind() == Kind.NEWLINE) k++;
    }

    private Token peek() { return toks.get(k); }

    private Token next() {
        Token t = toks.get(k);
        if (t.kind() != Kind.EOF) k++;
        return t;
    }

    private long parseLong(Token t) throws ScenarioException {
        try {
            return Long.parseLong(t.text());
        } catch (NumberFormatException e) {
            throw error(t, "number too large: " + t.text());
        }
    }

    private ScenarioException error(Token t, String msg) {
        return new ScenarioException(t.pos(), msg);
    }

    Source source() { return src; }
}
