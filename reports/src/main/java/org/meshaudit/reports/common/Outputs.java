package org.meshaudit.reports.common;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.UUID;
import org.meshaudit.api.Renderer;
import org.meshaudit.api.Severity;
import org.meshaudit.api.Status;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Small helpers shared by the machine-format renderers (SARIF, OSCAL, PolicyReport, JUnit, Prometheus). */
public final class Outputs {
    public static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Outputs() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** A JSON generator over {@code out} that does not close it (the caller owns the stream). */
    public static JsonGenerator generator(OutputStream out) {
        return JSON.createGenerator(Renderer.keepOpen(out));
    }

    /** A name-based (version 5, SHA-1) UUID: the same name always gives the same UUID, as OSCAL requires v4 or v5. */
    public static String uuid5(String name) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-1").digest(("meshaudit:" + name).getBytes(StandardCharsets.UTF_8));
            h[6] = (byte) ((h[6] & 0x0f) | 0x50);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            long msb = 0;
            long lsb = 0;
            for (int i = 0; i < 8; i++) {
                msb = (msb << 8) | (h[i] & 0xff);
            }
            for (int i = 8; i < 16; i++) {
                lsb = (lsb << 8) | (h[i] & 0xff);
            }
            return new UUID(msb, lsb).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String label(Severity s) {
        return s == null ? "info" : s.label();
    }

    /** PolicyReport / OpenReports result value: pass, fail, warn, error or skip. */
    public static String policyResult(Status s) {
        return switch (s) {
            case PASS -> "pass";
            case FAIL -> "fail";
            case ERROR -> "error";
            case MANUAL -> "warn";
            case WAIVED, NOT_APPLICABLE -> "skip";
        };
    }

    public static String lower(Status s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}
