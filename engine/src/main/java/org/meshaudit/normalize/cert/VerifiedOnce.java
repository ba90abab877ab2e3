package org.meshaudit.normalize.cert;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.Principal;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.jcajce.interfaces.BCX509Certificate;

/**
 * A JCA certificate that remembers the outcome of verifying its signature under a given public key. Path validation
 * checks every certificate of every path: the intermediate shared by thousands of leaves would otherwise have its
 * signature verified once per leaf (an ECDSA P-384 verification each, the largest cost of a scan). Verification is a
 * pure function of the certificate bytes and the key bytes, so remembering it changes no outcome: a failure is
 * remembered and rethrown as well. Everything else is delegated to BouncyCastle's certificate.
 */
class VerifiedOnce extends X509Certificate {
    private static final long serialVersionUID = 1L;

    private final X509Certificate delegate;
    /** key encoding → null for success, otherwise the failure's message and type. */
    private final transient Map<Encoding, Failure> outcomes = new ConcurrentHashMap<>();

    private record Failure(String type, String message) {
        static final Failure NONE = new Failure("", "");
    }

    @FunctionalInterface
    private interface Verification {
        void run() throws CertificateException, NoSuchAlgorithmException, InvalidKeyException,
                NoSuchProviderException, SignatureException;
    }

    private final transient PublicKeys keys;
    private final byte[] spki;

    /** Validity as read from the certificate's own encoding (RFC 5280 times), or null to ask the delegate. */
    private final Date notBefore;
    private final Date notAfter;

    VerifiedOnce(X509Certificate delegate) {
        this(delegate, null, null);
    }

    /**
     * @param notBefore the certificate's notBefore as the engine read it ({@link
     *                  org.meshaudit.collect.cert.CertificateInfo}), so that a validity check inside the validity
     *                  period costs a comparison (BouncyCastle formats and parses the time on every call)
     * @param notAfter  its notAfter, idem
     */
    VerifiedOnce(X509Certificate delegate, java.time.Instant notBefore, java.time.Instant notAfter) {
        this(delegate, notBefore, notAfter, null, null);
    }

    /**
     * @param keys shared public keys ({@link PublicKeys}), or null to ask the delegate
     * @param spki the certificate's subjectPublicKeyInfo as encoded in it ({@link
     *             org.meshaudit.collect.cert.CertBlob#publicKeyInfo()}), or null to ask the delegate
     */
    VerifiedOnce(X509Certificate delegate, java.time.Instant notBefore, java.time.Instant notAfter, PublicKeys keys,
                 byte[] spki) {
        this.delegate = delegate;
        this.notBefore = notBefore == null || notAfter == null ? null : Date.from(notBefore);
        this.notAfter = notBefore == null || notAfter == null ? null : Date.from(notAfter);
        this.keys = spki == null ? null : keys;
        this.spki = spki;
    }

    /**
     * A VerifiedOnce of {@code bc}, BouncyCastle's certificate read from {@code der}, that BouncyCastle's PKIX classes
     * read as one of their own ({@link Native}) when that reads the same: when BouncyCastle's DER encoding of it is
     * {@code der} itself and the JDK accepts its names. They then take its TBSCertificate and names as parsed, where
     * for any other certificate they encode the TBSCertificate and parse it again (to check it parses) and read each
     * name from the JDK's principal, which the JDK encodes in DER, on every path. For a DER certificate those
     * encodings are the certificate's own bytes, so both ways parse the same bytes and decide the same; otherwise
     * (unsorted multi-valued names, non-minimal lengths, names the JDK refuses) the JCA view is kept.
     *
     * @param der  the certificate's encoding, or null to keep the JCA view
     * @param keys see {@link #VerifiedOnce(X509Certificate, java.time.Instant, java.time.Instant, PublicKeys, byte[])}
     */
    static VerifiedOnce of(X509Certificate bc, byte[] der, java.time.Instant notBefore, java.time.Instant notAfter,
                           PublicKeys keys, byte[] spki) {
        if (bc instanceof BCX509Certificate && der != null) {
            try {
                bc.getSubjectX500Principal();
                bc.getIssuerX500Principal();
                if (Arrays.equals(bc.getEncoded(), der)) {
                    return new Native(bc, notBefore, notAfter, keys, spki);
                }
            } catch (CertificateEncodingException | RuntimeException e) {
                // the JCA view below, through which BouncyCastle meets the same failure where it met it before
            }
        }
        return new VerifiedOnce(bc, notBefore, notAfter, keys, spki);
    }

    /** A VerifiedOnce that BouncyCastle reads natively (see {@link #of}). */
    static final class Native extends VerifiedOnce implements BCX509Certificate {
        private static final long serialVersionUID = 1L;

        private final transient BCX509Certificate bc;

        private Native(X509Certificate delegate, java.time.Instant notBefore, java.time.Instant notAfter,
                       PublicKeys keys, byte[] spki) {
            super(delegate, notBefore, notAfter, keys, spki);
            this.bc = (BCX509Certificate) delegate;
        }

        @Override
        public X500Name getIssuerX500Name() {
            return bc.getIssuerX500Name();
        }

        @Override
        public TBSCertificate getTBSCertificateNative() {
            return bc.getTBSCertificateNative();
        }

        @Override
        public X500Name getSubjectX500Name() {
            return bc.getSubjectX500Name();
        }
    }

    private void once(PublicKey key, Verification v) throws CertificateException, NoSuchAlgorithmException,
            InvalidKeyException, NoSuchProviderException, SignatureException {
        byte[] enc = key.getEncoded();
        if (enc == null) { // a key without an encoding cannot be remembered by value
            v.run();
            return;
        }
        Encoding k = new Encoding(enc);
        Failure known = outcomes.get(k);
        if (known == null) {
            try {
                v.run();
                outcomes.put(k, Failure.NONE);
                return;
            } catch (SignatureException | InvalidKeyException | CertificateException e) {
                known = new Failure(e.getClass().getSimpleName(), e.getMessage());
                outcomes.put(k, known);
            }
        }
        if (known != Failure.NONE) {
            switch (known.type()) {
                case "InvalidKeyException" -> throw new InvalidKeyException(known.message());
                case "CertificateException" -> throw new CertificateException(known.message());
                default -> throw new SignatureException(known.message());
            }
        }
    }

    @Override
    public void verify(PublicKey key) throws CertificateException, NoSuchAlgorithmException, InvalidKeyException,
            NoSuchProviderException, SignatureException {
        once(key, () -> delegate.verify(key));
    }

    @Override
    public void verify(PublicKey key, String sigProvider) throws CertificateException, NoSuchAlgorithmException,
            InvalidKeyException, NoSuchProviderException, SignatureException {
        once(key, () -> delegate.verify(key, sigProvider));
    }

    @Override
    public void verify(PublicKey key, Provider sigProvider) throws CertificateException, NoSuchAlgorithmException,
            InvalidKeyException, SignatureException {
        try {
            once(key, () -> delegate.verify(key, sigProvider));
        } catch (NoSuchProviderException e) {
            throw new SignatureException(e.getMessage(), e);
        }
    }

    // ---- delegated ----------------------------------------------------------------------------------------------

    @Override
    public void checkValidity() throws CertificateExpiredException, CertificateNotYetValidException {
        delegate.checkValidity();
    }

    @Override
    public void checkValidity(Date date) throws CertificateExpiredException, CertificateNotYetValidException {
        if (notBefore != null && !date.before(notBefore) && !date.after(notAfter)) {
            return; // valid: the delegate would return too
        }
        delegate.checkValidity(date); // outside (or unknown): the delegate's own exception and message
    }

    @Override public int getVersion() { return delegate.getVersion(); }
    @Override public BigInteger getSerialNumber() { return delegate.getSerialNumber(); }
    @SuppressWarnings("deprecation")
    @Override public Principal getIssuerDN() { return delegate.getIssuerDN(); }
    @SuppressWarnings("deprecation")
    @Override public Principal getSubjectDN() { return delegate.getSubjectDN(); }
    @Override public X500Principal getIssuerX500Principal() { return delegate.getIssuerX500Principal(); }
    @Override public X500Principal getSubjectX500Principal() { return delegate.getSubjectX500Principal(); }
    @Override public Date getNotBefore() { return delegate.getNotBefore(); }
    @Override public Date getNotAfter() { return delegate.getNotAfter(); }

    @Override
    public byte[] getTBSCertificate() throws CertificateEncodingException {
        return delegate.getTBSCertificate();
    }

    @Override public byte[] getSignature() { return delegate.getSignature(); }
    @Override public String getSigAlgName() { return delegate.getSigAlgName(); }
    @Override public String getSigAlgOID() { return delegate.getSigAlgOID(); }
    @Override public byte[] getSigAlgParams() { return delegate.getSigAlgParams(); }
    @Override public boolean[] getIssuerUniqueID() { return delegate.getIssuerUniqueID(); }
    @Override public boolean[] getSubjectUniqueID() { return delegate.getSubjectUniqueID(); }
    @Override public boolean[] getKeyUsage() { return delegate.getKeyUsage(); }

    @Override
    public List<String> getExtendedKeyUsage() throws CertificateParsingException {
        return delegate.getExtendedKeyUsage();
    }

    @Override public int getBasicConstraints() { return delegate.getBasicConstraints(); }

    @Override
    public Collection<List<?>> getSubjectAlternativeNames() throws CertificateParsingException {
        return delegate.getSubjectAlternativeNames();
    }

    @Override
    public Collection<List<?>> getIssuerAlternativeNames() throws CertificateParsingException {
        return delegate.getIssuerAlternativeNames();
    }

    @Override
    public byte[] getEncoded() throws CertificateEncodingException {
        return delegate.getEncoded();
    }

    @Override
    public PublicKey getPublicKey() {
        return keys == null ? delegate.getPublicKey() : keys.of(spki, delegate);
    }

    @Override public boolean hasUnsupportedCriticalExtension() { return delegate.hasUnsupportedCriticalExtension(); }
    @Override public Set<String> getCriticalExtensionOIDs() { return delegate.getCriticalExtensionOIDs(); }
    @Override public Set<String> getNonCriticalExtensionOIDs() { return delegate.getNonCriticalExtensionOIDs(); }
    @Override public byte[] getExtensionValue(String oid) { return delegate.getExtensionValue(oid); }
    @Override public String toString() { return delegate.toString(); }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof VerifiedOnce v ? delegate.equals(v.delegate) : delegate.equals(o));
    }

    @Override
    public int hashCode() {
        return delegate.hashCode();
    }
}
