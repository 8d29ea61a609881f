package dev.pagerace.cli;

import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code --trace} and {@code --trace all}. The value is optional, and only
 * the word {@code all} is taken as one: picocli alone would take the
 * scenario file of {@code run --trace FILE} as the option's value.
 */
final class TraceFlag implements IParameterPreprocessor {
    /** Every delivery but the {@code resume} steps. */
    static final String STEPS = "steps";
    /** Every delivery, {@code resume} steps included. */
    static final String ALL = "all";

    @Override public boolean preprocess(Stack<String> args, CommandSpec spec, ArgSpec arg, Map<String, Object> info) {
        arg.setValue(!args.isEmpty() && args.peek().equals(ALL) ? args.pop() : STEPS);
        return true;
    }
}
