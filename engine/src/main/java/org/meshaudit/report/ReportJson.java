package org.meshaudit.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.meshaudit.api.UsageException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The canonical JSON form of an {@link AuditReport}: fields in declaration order, map keys sorted, nulls omitted,
 * two-space indentation, UTF-8, trailing newline. Same report = same bytes.
 */
public final class ReportJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private ReportJson() {
    }

    public static byte[] toBytes(AuditReport report) {
        byte[] body = MAPPER.writeValueAsBytes(report);
        byte[] out = java.util.Arrays.copyOf(body, body.length + 1);
        out[body.length] = '\n';
        return out;
    }

    /** A value (a report or one of its parts) as the JSON tree its canonical JSON has. */
    public static tools.jackson.databind.JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** Streams the canonical form (same bytes as {@link #toBytes}) without holding the whole document. */
    public static void write(AuditReport report, OutputStream out) throws IOException {
        OutputStream shield = new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush(); // the caller owns the stream
            }
        };
        MAPPER.writeValue(shield, report);
        out.write('\n');
    }

    /** Reads a report written by {@link #write}; a file that is not an AuditReport is a usage error. */
    public static AuditReport read(Path file) {
        try {
            AuditReport r = MAPPER.readValue(Files.readAllBytes(file), AuditReport.class);
            if (r == null || !AuditReport.API_VERSION.equals(r.apiVersion()) || !AuditReport.KIND.equals(r.kind())) {
                throw new UsageException(file + " is not a meshaudit AuditReport (" + AuditReport.API_VERSION + ")");
            }
            return r;
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        } catch (JacksonException e) {
            throw new UsageException(file + " is not a valid AuditReport: " + String.valueOf(e.getOriginalMessage()).split("\\R", 2)[0]);
        }
    }
}
