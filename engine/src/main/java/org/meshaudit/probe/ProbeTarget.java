package org.meshaudit.probe;

import java.net.InetAddress;

/**
 * One endpoint to probe.
 *
 * @param host        the name or address as given (SNI is sent for names only)
 * @param port        TCP port
 * @param address     the checked address the prober connects to
 * @param service     {@code namespace/name} of the Service this port belongs to, or null for an ad hoc target
 * @param serviceUid  the Service's uid, or {@code ""}
 * @param expectMtls  whether the posture (or {@code --expect-mtls}) says mTLS is required; null: unknown
 * @param expectation where {@code expectMtls} came from, for the evidence
 */
public record ProbeTarget(String host, int port, InetAddress address, String service, String serviceUid,
                          Boolean expectMtls, String expectation) {
}
