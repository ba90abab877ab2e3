package org.meshaudit.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.meshaudit.facts.SubjectRef;

/** Result ids are a contract (waivers and trends name results by them): the key and its hash must not change. */
class ResultIdTest {

    /** The definition: the first 8 bytes of sha256("rule|kind|namespace|name|port"), as 16 hex digits. */
    private static String expected(String rule, SubjectRef ref) throws Exception {
        String key = rule + "|" + ref.kind() + "|" + ref.namespace() + "|" + ref.name() + "|"
                + (ref.port() == null ? "" : ref.port());
        byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 8);
    }

    @Test
    void idsAreTheDigestOfTheKey() throws Exception {
        SubjectRef[] refs = {
            new SubjectRef("v1", "Pod", "shop", "api-1", "u", "8080"),
            new SubjectRef("v1", "Pod", "shop", "api-1", "u", null),
            new SubjectRef(null, "Namespace", null, "shop", null, null),
            new SubjectRef("v1", "Pod", "café", "ünïcode-\u202e-名前", null, "http"),
            new SubjectRef("v1", "Pod", "ns", "emoji-\uD83D\uDE00-x", null, "9090"),
            new SubjectRef("v1", "Pod", "n".repeat(300), "x".repeat(700) + "é", null, "1"),
        };
        for (String rule : new String[] {"MTLS-002", null}) {
            for (SubjectRef ref : refs) {
                assertEquals(expected(rule, ref), Evaluator.resultId(rule, ref), rule + " " + ref);
            }
        }
        // a known value (sha256 of "MTLS-002|Pod|shop|api-1|8080"): ids in saved reports and waivers stay valid
        assertEquals("a6053db00a03b5cf", "%016x".formatted(Evaluator.resultIdBits("MTLS-002", refs[0])));
    }
}
