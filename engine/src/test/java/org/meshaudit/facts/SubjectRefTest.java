package org.meshaudit.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubjectRefTest {

    private static SubjectRef port(String p) {
        return new SubjectRef("v1", "Pod", "shop", "api", "", p);
    }

    @Test
    void portsSortByNumberThenNamesThenCatchAll() {
        List<String> given = Arrays.asList("*", "http", "8080", "443", "0080", "15021", "9", "100000", "99999", null);
        List<SubjectRef> refs = new ArrayList<>();
        given.forEach(p -> refs.add(port(p)));
        refs.sort(null);
        List<String> order = new ArrayList<>();
        refs.forEach(r -> order.add(r.port()));
        // no port first, then by number (0080 is port 80) zero-padded to five digits as "%05d" gave (so a number of
        // more than five digits, which no port has, sorts as text among them), then the catch-all and named ports
        assertEquals(Arrays.asList(null, "9", "0080", "443", "8080", "100000", "15021", "99999", "*", "http"), order);
    }

    @Test
    void absurdPortNumbersSortWithoutFailing() {
        List<SubjectRef> refs = new ArrayList<>(List.of(port("123456789012345678901234"), port("80"),
                port("٨٠"), port("8080abc")));
        refs.sort(null);
        assertEquals(List.of("80", "8080abc", "123456789012345678901234", "٨٠"),
                refs.stream().map(SubjectRef::port).toList());
    }

    /** Namespace, then kind, name, port, API version; antisymmetric, and 0 only for the same subject. */
    @Test
    void fieldsCompareInReportOrder() {
        java.util.Random rnd = new java.util.Random(7);
        String[] words = {"", "a", "b", "ab"};
        String[] ports = {null, "80", "080", "443", "*", "http"};
        List<SubjectRef> refs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            refs.add(new SubjectRef(rnd.nextBoolean() ? "v1" : "apps/v1", words[rnd.nextInt(4)], words[rnd.nextInt(4)],
                    words[rnd.nextInt(4)], "", ports[rnd.nextInt(ports.length)]));
        }
        java.util.Comparator<SubjectRef> byPort = (x, y) -> port(x.port()).compareTo(port(y.port()));
        java.util.Comparator<SubjectRef> reference = java.util.Comparator.comparing(SubjectRef::namespace)
                .thenComparing(SubjectRef::kind).thenComparing(SubjectRef::name).thenComparing(byPort)
                .thenComparing(SubjectRef::apiVersion);
        for (SubjectRef a : refs) {
            for (SubjectRef b : refs) {
                int c = Integer.signum(a.compareTo(b));
                assertEquals(Integer.signum(reference.compare(a, b)), c, a + " vs " + b);
                assertEquals(-c, Integer.signum(b.compareTo(a)));
                boolean same = a.namespace().equals(b.namespace()) && a.kind().equals(b.kind())
                        && a.name().equals(b.name()) && a.apiVersion().equals(b.apiVersion())
                        && java.util.Objects.equals(unpadded(a.port()), unpadded(b.port()));
                assertEquals(same, c == 0, a + " vs " + b);
            }
        }
    }

    /** A port as the number it names: 080 is port 80. */
    private static String unpadded(String port) {
        return port == null ? null : port.replaceFirst("^0+(?=\\d)", "");
    }
}
