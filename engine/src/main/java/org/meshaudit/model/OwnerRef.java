package org.meshaudit.model;

/** An entry of metadata.ownerReferences. */
public record OwnerRef(String kind, String name, String uid) {
}
