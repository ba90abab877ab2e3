package org.meshaudit.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalTest {

    /** A string equal to {@code s} that is not the same instance (as a parser or a concatenation makes it). */
    private static String copy(String s) {
        return new String(s.toCharArray());
    }

    @Test
    void equalStringsBecomeOneInstance() {
        String a = copy("IST-DP-1: container istio-proxy present (CanonicalTest)");
        String b = copy(a);
        assertSame(Canonical.string(a), Canonical.string(b));
        assertEquals(a, Canonical.string(b));
        assertNull(Canonical.string(null));
    }

    @Test
    void theStringsOfDifferentListsAreShared() {
        String note = "shared note (CanonicalTest)";
        List<String> first = Canonical.list(List.of(copy(note), copy("first only (CanonicalTest)")));
        List<String> second = Canonical.list(List.of(copy("second only (CanonicalTest)"), copy(note)));
        assertSame(first.get(0), second.get(1));
        assertEquals(List.of(note, "first only (CanonicalTest)"), first);
    }

    @Test
    void listsKeepListCopyOfSemantics() {
        List<String> source = new ArrayList<>(List.of(copy("x (CanonicalTest)"), copy("y (CanonicalTest)")));
        List<String> shared = Canonical.list(source);
        source.set(0, "changed");
        assertEquals(List.of("x (CanonicalTest)", "y (CanonicalTest)"), shared);
        assertThrows(UnsupportedOperationException.class, () -> shared.add("z"));
        assertThrows(NullPointerException.class, () -> Canonical.list(Arrays.asList("a", null)));
        assertSame(Canonical.list(List.of(copy("x (CanonicalTest)"), copy("y (CanonicalTest)"))), shared);
        List<Integer> numbers = Canonical.list(List.of(1, 2, 3));
        assertEquals(List.of(1, 2, 3), numbers);
    }

    @Test
    void subjectRefsShareTheirPort() {
        SubjectRef a = new SubjectRef("v1", "Pod", "ns", "a", "", copy("18443"));
        SubjectRef b = new SubjectRef("v1", "Pod", "ns", "b", "", copy("18443"));
        assertSame(a.port(), b.port());
        assertNull(new SubjectRef("v1", "Pod", "ns", "c", "", null).port());
    }
}
