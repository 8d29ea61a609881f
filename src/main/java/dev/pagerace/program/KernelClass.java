package dev.pagerace.program;

import java.util.Map;

/**
 * The name lockdep prints for a scenario's lock class, so a report reads like
 * the splat a kernel developer would get: lockdep names a class by the
 * key its init site gives it (lockdep_set_class(), or the stringified lock
 * expression of init_rwsem()/spin_lock_init()), and appends the subclass as
 * {@code /N} (__print_lock_name()). A scenario may declare the name with
 * {@code lock NAME KIND class "..."}; otherwise the catalog's common classes
 * get the name their kernel init site gives them, and any other class keeps
 * its scenario name.
 */
public final class KernelClass {
    private KernelClass() {}

    /**
     * The kernel's names for the classes every catalog scenario uses, from
     * their init sites: inode_init_always() sets i_rwsem's class to
     * {@code &sb->s_type->i_mutex_key} and i_lock's to
     * {@code &sb->s_type->i_lock_key}, and names invalidate_lock
     * {@code mapping.invalidate_lock} (lockdep_set_class_and_name());
     * mmap_init_lock() is {@code init_rwsem(&mm->mmap_lock)}; fs_reclaim is
     * the static lockdep map of mm/page_alloc.c; ext4's pre-2021 i_mmap_sem
     * is {@code init_rwsem(&ei->i_mmap_sem)} in init_once(). Page locks are a
     * bit in page->flags: lockdep has no class for them.
     */
    private static final Map<String, String> DEFAULTS = Map.of(
        "i_rwsem", "&sb->s_type->i_mutex_key",
        "invalidate_lock", "mapping.invalidate_lock",
        "i_lock", "&sb->s_type->i_lock_key",
        "mmap_lock", "&mm->mmap_lock",
        "fs_reclaim", "fs_reclaim",
        "i_mmap_sem", "&ei->i_mmap_sem",
        "page_lock", "PG_locked");

    /** {@code cls} may carry a subclass ({@code invalidate_lock/1}); {@code declared} maps scenario classes to declared names. */
    public static String of(String cls, Map<String, String> declared) {
        if (cls == null || cls.isEmpty()) return cls;
        int slash = cls.indexOf('/');
        String base = slash < 0 ? cls : cls.substring(0, slash);
        String name = declared.get(base);
        if (name == null) name = DEFAULTS.getOrDefault(base, base);
        return slash < 0 ? name : name + cls.substring(slash);
    }
}
