package dev.pagerace.report;

import dev.pagerace.campaign.Catalog;
import dev.pagerace.campaign.Expectations;
import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * {@code check --junit FILE}: the check as JUnit XML, the Ant/Surefire shape
 * that kernel CI systems (KernelCI, GitLab, Jenkins) read. One testsuite per
 * scenario file, one testcase per expect line, so a CI shows which
 * expectation broke. Built with the JDK's DOM and serializer, which escape
 * what headlines and signatures contain ({@code <}, {@code &}, quotes).
 * Times are 0: a check is measured in deliveries, not seconds.
 */
public final class JUnitReport {
    private JUnitReport() {}

    public static String render(List<Catalog.Row> rows) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element suites = doc.createElement("testsuites");
            suites.setAttribute("name", "pagerace check");
            doc.appendChild(suites);
            Map<String, Element> byFile = new LinkedHashMap<>();
            int tests = 0, failures = 0, errors = 0;
            for (Catalog.Row r : rows) {
                Element suite = byFile.computeIfAbsent(r.file(), f -> {
                    Element s = doc.createElement("testsuite");
                    s.setAttribute("name", r.program().scenario());
                    s.setAttribute("file", f);
                    suites.appendChild(s);
                    return s;
                });
                String verdict = "verdict " + r.summary().scenario + "/" + r.summary().variant + ": " + SummaryTable.strength(r);
                String modelError = r.modelError();
                for (Expectations.LineVerdict line : Expectations.perLine(r.expects(), r.summary())) {
                    tests++;
                    Element c = doc.createElement("testcase");
                    c.setAttribute("classname", r.program().scenario());
                    // a sweep's label (" faulter=4") keeps the names of its rows apart
                    c.setAttribute("name", line.text() + r.summary().variant.substring(r.program().variant().length()));
                    c.setAttribute("file", r.file());
                    c.setAttribute("line", Integer.toString(line.expect().pos().line()));
                    c.setAttribute("time", "0");
                    if (!line.ok()) {
                        // a model error is a bug in the scenario, not a finding: an error, not a failure
                        Element f = doc.createElement(modelError != null ? "error" : "failure");
                        f.setAttribute("message", line.failures().get(0));
                        f.setAttribute("type", modelError != null ? "model_error" : "expectation");
                        f.setTextContent(String.join("\n", line.failures()) + "\n" + verdict + "\n");
                        c.appendChild(f);
                        if (modelError != null) errors++;
                        else failures++;
                    }
                    Element so = doc.createElement("system-out");
                    so.setTextContent(verdict + "\n");
                    c.appendChild(so);
                    suite.appendChild(c);
                }
            }
            for (Element s : byFile.values()) {
                int t = 0, f = 0, e = 0;
                for (int i = 0; i < s.getChildNodes().getLength(); i++) {
                    Element c = (Element) s.getChildNodes().item(i);
                    t++;
                    if (c.getElementsByTagName("failure").getLength() > 0) f++;
                    if (c.getElementsByTagName("error").getLength() > 0) e++;
                }
                s.setAttribute("tests", Integer.toString(t));
                s.setAttribute("failures", Integer.toString(f));
                s.setAttribute("errors", Integer.toString(e));
                s.setAttribute("skipped", "0");
                s.setAttribute("time", "0");
            }
            suites.setAttribute("tests", Integer.toString(tests));
            suites.setAttribute("failures", Integer.toString(failures));
            suites.setAttribute("errors", Integer.toString(errors));
            suites.setAttribute("time", "0");
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(w));
            return w.toString();
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IllegalStateException("the JDK's XML support failed", e);
        }
    }

    /** Writes the report atomically (a CI may pick the file up as soon as it appears). */
    public static void write(java.nio.file.Path file, List<Catalog.Row> rows) throws IOException {
        java.nio.file.Path dir = file.toAbsolutePath().getParent();
        if (dir != null) java.nio.file.Files.createDirectories(dir);
        dev.pagerace.campaign.ResultsJson.writeAtomically(file, render(rows));
    }
}
