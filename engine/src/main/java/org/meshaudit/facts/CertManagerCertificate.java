package org.meshaudit.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A cert-manager {@code Certificate} with its lifecycle computed, not read (mesh-semantics.md CM-1..3): the effective
 * renewal time from the issued lifetime, readiness, failed requests, issuer readiness and the effective key rotation
 * policy. Traits: {@code no-status} (read from manifests: no status to judge), {@code key-rsa} / {@code key-ec} /
 * {@code key-eddsa} (requested private key), {@code renewal-disabled}.
 */
public final class CertManagerCertificate implements Subject {
    private final SubjectRef ref;
    private final String keyAlgorithm;
    private final int keySize;
    private final String rotationPolicy;
    private final String rotationPolicyEffective;
    private final String renewalTime;
    private final String renewBeforeEffective;
    private final List<String> problems;
    private final String tags;
    private final Map<String, Object> evidence;
    private final Set<String> traits;
    private final String error;

    /**
     * @param ref                     the Certificate
     * @param keyAlgorithm            {@code RSA}, {@code ECDSA} or {@code Ed25519} (default RSA)
     * @param keySize                 requested key size in bits (defaults applied)
     * @param rotationPolicy          {@code spec.privateKey.rotationPolicy} as written, {@code ""} when unset
     * @param rotationPolicyEffective {@code Always}, {@code Never} or {@code unknown} (unset and version unknown)
     * @param renewalTime             computed renewal time (CM-2), RFC 3339, or {@code ""}
     * @param renewBeforeEffective    the renewBefore that applies, e.g. {@code 8h (default 1/3 of 24h)}
     * @param problems                CMGR-001 observations (not Ready, renewal overdue, failed requests, issuer)
     * @param tags                    {@code served-expired} when the served certificate is already expired
     * @param evidence                observed values
     * @param traits                  classification
     */
    public CertManagerCertificate(SubjectRef ref, String keyAlgorithm, int keySize, String rotationPolicy,
                                  String rotationPolicyEffective, String renewalTime, String renewBeforeEffective,
                                  List<String> problems, String tags, Map<String, Object> evidence, Set<String> traits) {
        this(ref, keyAlgorithm, keySize, rotationPolicy, rotationPolicyEffective, renewalTime, renewBeforeEffective,
                problems, tags, evidence, traits, null);
    }

    /** As above, with why the Certificate cannot be judged (e.g. its served certificate could not be read), or null. */
    public CertManagerCertificate(SubjectRef ref, String keyAlgorithm, int keySize, String rotationPolicy,
                                  String rotationPolicyEffective, String renewalTime, String renewBeforeEffective,
                                  List<String> problems, String tags, Map<String, Object> evidence, Set<String> traits,
                                  String error) {
        this.error = error;
        this.ref = ref;
        this.keyAlgorithm = keyAlgorithm;
        this.keySize = keySize;
        this.rotationPolicy = rotationPolicy;
        this.rotationPolicyEffective = rotationPolicyEffective;
        this.renewalTime = renewalTime;
        this.renewBeforeEffective = renewBeforeEffective;
        this.problems = List.copyOf(problems);
        this.tags = tags;
        this.evidence = new LinkedHashMap<>(evidence);
        this.traits = Canonical.set(traits);
    }

    @Override public SubjectRef getRef() { return ref; }
    @Override public String getError() { return error; }
    @Override public Set<String> getTraits() { return traits; }
    public String getKeyAlgorithm() { return keyAlgorithm; }
    public int getKeySize() { return keySize; }
    public String getRotationPolicy() { return rotationPolicy; }
    public String getRotationPolicyEffective() { return rotationPolicyEffective; }
    public String getRenewalTime() { return renewalTime; }
    public String getRenewBeforeEffective() { return renewBeforeEffective; }
    public List<String> getProblems() { return problems; }
    public String getTags() { return tags; }
    /** {@code RSA 2048} etc., with the source of the value. */
    public String getKeyDescription() { return keyAlgorithm + " " + keySize + " (spec.privateKey)"; }

    @Override
    public Map<String, Object> evidence() {
        return new LinkedHashMap<>(evidence);
    }
}
