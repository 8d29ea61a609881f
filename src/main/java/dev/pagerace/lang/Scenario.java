package dev.pagerace.lang;

import dev.pagerace.lang.Ast.ExpectDecl;
import dev.pagerace.lang.Ast.Item;
import dev.pagerace.lang.Ast.VariantDecl;
import java.util.List;

/**
 * A loaded scenario file with its imports spliced in: base items, the
 * variants (each a list of overriding items, its own imports spliced in),
 * and the expectations.
 */
public record Scenario(Source main, String name, String title, List<Item> base,
                       List<VariantDecl> variants, List<ExpectDecl> expects) {

    /** Declared variant names in order, or {@code default} when the file declares none. */
    public List<String> variantNames() {
        if (variants.isEmpty()) return List.of(DEFAULT_VARIANT);
        return variants.stream().map(VariantDecl::name).toList();
    }

    public static final String DEFAULT_VARIANT = "default";
}
