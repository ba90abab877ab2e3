package org.meshaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.meshaudit.model.CollectionIssue;
import org.meshaudit.model.KindCoverage;
import org.meshaudit.model.KindCoverage.State;

/** An object the input holds but could not read leaves its kind FAILED, whatever else read that kind. */
class UnreadObjectsTest {
    private static final CollectionIssue ISSUE = new CollectionIssue("pa.yaml:7", "parse-error", "duplicate key");
    private static final List<List<String>> PA = List.of(List.of("security.istio.io/v1", "PeerAuthentication"));

    private static KindCoverage only(Snapshot s) {
        assertEquals(1, s.coverage().size(), s.coverage().toString());
        return s.coverage().get(0);
    }

    @Test
    void aManifestObjectLeftOutIsAFailedKind() {
        SnapshotBuilder b = new SnapshotBuilder();
        b.unreadObject(ISSUE, PA);
        KindCoverage c = only(b.build());
        assertEquals(State.FAILED, c.state());
        assertEquals("peerauthentications", c.resource());
        assertTrue(c.detail().contains("pa.yaml:7"), c.detail());
    }

    @Test
    void aKindReadFromTheClusterTurnsFailedWhenManifestsBesideItHoldOneUnread() {
        // --snapshot (or --cluster) with --manifests: the snapshot's READ must not hide the manifest left out
        SnapshotBuilder b = new SnapshotBuilder();
        b.coverage(new KindCoverage("security.istio.io", "v1", "peerauthentications", "PeerAuthentication", State.READ,
                12, "12 objects"));
        b.unreadObject(ISSUE, PA);
        KindCoverage c = only(b.build());
        assertEquals(State.FAILED, c.state());
        assertEquals(12, c.objects());
        assertTrue(c.detail().startsWith("12 objects; 1 object(s) in the input could not be read"), c.detail());
    }
}
