package dev.pagerace.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

/** The logging set up in code keeps what logback.xml said: warnings and errors only, on stderr. */
class StderrLoggingTest {
    @Test void warningsOnStderrAkkaQuieter() {
        LoggerContext ctx = new LoggerContext();
        StderrLogging conf = new StderrLogging();
        conf.setContext(ctx);
        conf.configure(ctx);
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.WARN, root.getLevel());
        ConsoleAppender<?> stderr = assertInstanceOf(ConsoleAppender.class, root.getAppender("STDERR"));
        assertEquals("System.err", stderr.getTarget());
        assertEquals(StderrLogging.PATTERN, ((PatternLayoutEncoder) stderr.getEncoder()).getPattern());
        assertEquals(Level.WARN, ctx.getLogger("akka").getLevel());
        assertEquals(Level.ERROR, ctx.getLogger("akka.stream.Materializer").getLevel());
        assertEquals(Level.ERROR, ctx.getLogger("akka.remote.artery").getLevel());
        assertEquals(Level.WARN, ctx.getLogger("akka.cluster.Cluster").getEffectiveLevel());
        assertEquals(Level.WARN, ctx.getLogger("dev.pagerace.campaign.X").getEffectiveLevel());
        ctx.stop();
    }

    @Test void foundByLogbackWithoutXml() {
        // the running context was configured by this class (ServiceLoader), not by a logback.xml or the debug-level default
        assertNull(StderrLoggingTest.class.getResource("/logback.xml"));
        LoggerContext ctx = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        assertEquals(Level.WARN, ctx.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
    }
}
