package org.meshaudit.reports.junit;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.meshaudit.api.Renderer;
import org.meshaudit.api.Status;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.Result;
import org.meshaudit.reports.common.EvidenceText;
import org.meshaudit.reports.common.ReportIndex;
import org.meshaudit.reports.common.SafeText;

/**
 * {@code audit.junit.xml}: JUnit XML for CI systems. One {@code testsuite} per rule, one {@code testcase} per result
 * (name = the subject, classname = {@code meshaudit.<rule id>}): FAIL is a {@code failure}, ERROR an {@code error},
 * NOT_APPLICABLE, WAIVED and MANUAL are {@code skipped} (with the reason), PASS has no child. Each testcase's
 * {@code system-out} starts with {@code status: <STATUS>} so the exact status survives. All text is cleaned:
 * control characters that XML 1.0 cannot carry are shown as {@code <U+XXXX>}.
 */
public final class JunitRenderer implements Renderer {
    @Override
    public String format() {
        return "junit";
    }

    @Override
    public String extension() {
        return "junit.xml";
    }

    @Override
    public void render(AuditReport report, OutputStream out) throws IOException {
        Map<String, List<Result>> byRule = new TreeMap<>();
        for (Result r : ReportIndex.nn(report.results())) {
            byRule.computeIfAbsent(r.ruleId(), k -> new ArrayList<>()).add(r);
        }
        String ts = report.metadata() == null || report.metadata().asOf() == null ? null
                : report.metadata().asOf().replaceAll("Z$", "");
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            int[] all = counts(ReportIndex.nn(report.results()));
            w.writeStartElement("testsuites");
            w.writeAttribute("name", "meshaudit");
            attrs(w, all);
            w.writeCharacters("\n");
            int id = 0;
            for (var e : byRule.entrySet()) {
                List<Result> rs = e.getValue();
                int[] c = counts(rs);
                w.writeCharacters("  ");
                w.writeStartElement("testsuite");
                w.writeAttribute("name", SafeText.clean(e.getKey() + " " + nz(rs.get(0).title())));
                w.writeAttribute("id", Integer.toString(id++));
                attrs(w, c);
                if (ts != null) {
                    w.writeAttribute("timestamp", ts);
                }
                w.writeAttribute("hostname", "meshaudit");
                w.writeCharacters("\n    ");
                w.writeStartElement("properties");
                property(w, "ruleId", e.getKey());
                property(w, "ruleVersion", rs.get(0).ruleVersion());
                property(w, "pack", rs.get(0).pack());
                if (report.metadata() != null) {
                    property(w, "runId", report.metadata().runId());
                    property(w, "complete", Boolean.toString(report.metadata().complete()));
                }
                w.writeEndElement();
                for (Result r : rs) {
                    testcase(w, r);
                }
                w.writeCharacters("\n  ");
                w.writeEndElement();
                w.writeCharacters("\n");
            }
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.flush();
            w.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
        }
    }

    private static void testcase(XMLStreamWriter w, Result r) throws XMLStreamException {
        w.writeCharacters("\n    ");
        w.writeStartElement("testcase");
        w.writeAttribute("name", SafeText.clip(ReportIndex.subjectKey(r.subject()), 1000));
        w.writeAttribute("classname", "meshaudit." + SafeText.clean(r.ruleId()));
        w.writeAttribute("time", "0");
        String msg = SafeText.clip(nz(r.message()), 2000);
        String sev = r.severity() == null ? "info" : r.severity().label();
        switch (r.status()) {
            case FAIL -> {
                w.writeStartElement("failure");
                w.writeAttribute("message", msg);
                w.writeAttribute("type", sev);
                w.writeCharacters(detail(r));
                w.writeEndElement();
            }
            case ERROR -> {
                w.writeStartElement("error");
                w.writeAttribute("message", msg);
                w.writeAttribute("type", "not-evaluated");
                w.writeCharacters(detail(r));
                w.writeEndElement();
            }
            case NOT_APPLICABLE, WAIVED, MANUAL -> {
                w.writeEmptyElement("skipped");
                w.writeAttribute("message", (r.status() == Status.WAIVED ? "waived: " : r.status() == Status.MANUAL
                        ? "manual: " : "") + msg);
            }
            case PASS -> { }
        }
        w.writeStartElement("system-out");
        w.writeCharacters("status: " + r.status().name() + "\nseverity: " + sev + "\nresultId: " + r.id() + "\n");
        w.writeEndElement();
        w.writeEndElement();
    }

    private static String detail(Result r) {
        StringBuilder b = new StringBuilder();
        b.append("rule: ").append(SafeText.clean(r.ruleId())).append(' ').append(SafeText.clean(nz(r.title()))).append('\n');
        b.append("subject: ").append(ReportIndex.subjectKey(r.subject())).append('\n');
        b.append("severity: ").append(r.severity() == null ? "info" : r.severity().label()).append('\n');
        b.append("message: ").append(SafeText.clip(nz(r.message()), 4000)).append('\n');
        if (r.evidence() != null && !r.evidence().isEmpty()) {
            b.append("evidence: ").append(SafeText.clip(EvidenceText.format(r.evidence()), 8000)).append('\n');
        }
        if (r.controls() != null && !r.controls().isEmpty()) {
            b.append("controls: ").append(SafeText.clean(String.join(", ", r.controls()))).append('\n');
        }
        if (r.remediation() != null) {
            b.append("remediation: ").append(SafeText.clean(r.remediation())).append('\n');
        }
        return b.toString();
    }

    /** tests, failures, errors, skipped. */
    static int[] counts(List<Result> rs) {
        int[] c = new int[4];
        for (Result r : rs) {
            c[0]++;
            switch (r.status()) {
                case FAIL -> c[1]++;
                case ERROR -> c[2]++;
                case NOT_APPLICABLE, WAIVED, MANUAL -> c[3]++;
                default -> { }
            }
        }
        return c;
    }

    private static void attrs(XMLStreamWriter w, int[] c) throws XMLStreamException {
        w.writeAttribute("tests", Integer.toString(c[0]));
        w.writeAttribute("failures", Integer.toString(c[1]));
        w.writeAttribute("errors", Integer.toString(c[2]));
        w.writeAttribute("skipped", Integer.toString(c[3]));
        w.writeAttribute("time", "0");
    }

    private static void property(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeCharacters("\n      ");
        w.writeEmptyElement("property");
        w.writeAttribute("name", name);
        w.writeAttribute("value", SafeText.clean(nz(value)));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
