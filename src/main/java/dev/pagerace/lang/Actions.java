package dev.pagerace.lang;

import java.util.Map;
import java.util.TreeMap;

/** The shared operations of the language: their operand shapes and whether they yield a value. */
public final class Actions {
    private Actions() {}

    /** Operand shapes: L lock, P page, S swap entry, I inode, X index, R range, Q wait queue, N lockdep subclass (0..7). */
    public record Spec(String name, String operands, boolean yieldsValue, String usage) {}

    private static final Map<String, Spec> SPECS = new TreeMap<>();

    private static void def(String name, String operands, boolean value, String usage) {
        SPECS.put(name, new Spec(name, operands, value, usage));
    }

    static {
        for (String op : new String[] {"down_read", "down_write", "up_read", "up_write", "lock", "unlock"}) {
            def(op, "L", false, op + " LOCK");
        }
        for (String op : new String[] {"down_read_trylock", "down_write_trylock", "trylock"}) {
            def(op, "L", true, op + " LOCK");
        }
        // lockdep subclasses (down_read_nested(), down_write_nested(), mutex_lock_nested())
        def("down_read_nested", "LN", false, "down_read_nested LOCK SUBCLASS");
        def("down_write_nested", "LN", false, "down_write_nested LOCK SUBCLASS");
        def("lock_nested", "LN", false, "lock_nested LOCK SUBCLASS");
        def("lock_two", "LL", false, "lock_two LOCK LOCK");
        def("lock_two_inodes", "LL", false, "lock_two_inodes LOCK LOCK");
        for (String op : new String[] {"lock_page", "unlock_page", "map", "set_uptodate", "set_dirty",
                "write", "writeback", "swap_out", "mapcount_inc", "mapcount_dec", "set_pte"}) {
            def(op, "P", false, op + " PAGE");
        }
        def("trylock_page", "P", true, "trylock_page PAGE");
        def("delete", "P", true, "delete PAGE");
        def("read", "P", true, "read PAGE");
        def("find", "IX", true, "find INODE INDEX");
        def("add", "IX", true, "add INODE INDEX [uptodate] [from BLOCK]");
        def("swap_in", "IX", true, "swap_in INODE INDEX");
        def("get_block", "IX", true, "get_block INODE INDEX");
        // the read I/O of a locked folio, with the block mapped under the folio lock (block_read_full_folio(), iomap)
        def("read_block", "PB", false, "read_block PAGE BLOCK");
        def("unmap", "IR", false, "unmap INODE A..B");
        def("free_blocks", "IR", false, "free_blocks INODE A..B");
        def("alloc_blocks", "IR", false, "alloc_blocks INODE A..B");
        def("free_swap", "S", true, "free_swap SWAP_ENTRY");
        def("alloc", "", false, "alloc [nofs|noio|nowait|atomic]");
        def("pick_page", "", true, "pick_page [INODE] [where not_uptodate|dirty|mapped|swap]");
        // the LRU list (isolate_lru_folios(), move_folios_to_lru()): see docs/language.md
        def("lru_isolate", "", true, "lru_isolate");
        def("lru_putback", "P", false, "lru_putback PAGE");
        def("wait", "Q", false, "wait QUEUE [releasing LOCK]");
        def("wake_all", "Q", false, "wake_all QUEUE");
        def("yield", "", false, "yield");
    }

    public static Spec get(String name) { return SPECS.get(name); }

    public static boolean isAction(String name) { return SPECS.containsKey(name); }

    /** The operations on the LRU list: a program with one of them has an LRU object (Program.usesLru()). */
    public static boolean isLru(String name) { return name.equals("lru_isolate") || name.equals("lru_putback"); }

    /** Every operation, by name (docs/language.md lists each; LanguageReferenceTest checks it). */
    public static java.util.Collection<Spec> all() { return java.util.Collections.unmodifiableCollection(SPECS.values()); }

    /** GFP-like flags of {@code alloc}: GFP_NOFS, GFP_NOIO, GFP_NOWAIT, GFP_ATOMIC. */
    public static final java.util.List<String> GFP_FLAGS = java.util.List.of("nofs", "noio", "nowait", "atomic");

    /** Block statements that set task context: memalloc_nofs_save/restore, memalloc_noio_save/restore, interrupt context. */
    public static final java.util.List<String> SCOPES = java.util.List.of("memalloc_nofs", "memalloc_noio", "in_irq");

    public static final java.util.List<String> PICK_FILTERS = java.util.List.of("not_uptodate", "dirty", "mapped", "swap");
}
