package org.meshaudit.model;

/**
 * A port a container declares.
 *
 * @param name     containerPort name, or {@code ""}
 * @param number   port number 1..65535
 * @param protocol TCP, UDP or SCTP (TCP when omitted)
 */
public record ContainerPort(String name, int number, String protocol) {
}
