package dev.pagerace.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * pagerace's logging, set up in code: pagerace prints its own output, so logs
 * are for warnings and errors only, on stderr. Logback finds this class
 * through the ServiceLoader (META-INF/services) when no logback.xml is on
 * the class path; an XML configuration would cost a third of a second of
 * start-up (the XML parser and Joran, some 360 classes) for these few lines.
 * A file given with {@code -Dlogback.configurationFile} still wins.
 */
public final class StderrLogging extends ContextAwareBase implements Configurator {
    /** The line of a log event. */
    public static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n";

    @Override public void configure(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger("akka").setLevel(Level.WARN);
        // peers not up yet, or gone: the cluster reports what matters itself
        context.getLogger("akka.stream.Materializer").setLevel(Level.ERROR);
        context.getLogger("akka.remote.artery").setLevel(Level.ERROR);
    }
}
