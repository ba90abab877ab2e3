package org.meshaudit.lifecycle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.Store;
import org.meshaudit.api.UsageException;
import org.meshaudit.report.AuditReport;
import org.meshaudit.report.Metadata;
import org.meshaudit.report.PackInfo;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The evidence bundle of {@code scan --bundle DIR}: every output, {@code manifest.json} (sha256 and size of each file,
 * the input digest, tool and pack versions, as-of time, run id) and, when a signer is given, a detached CMS
 * (PKCS#7, RFC 5652) SignedData over the manifest in {@code manifest.json.p7s} (DER, signer certificate and chain
 * included, signing time as a signed attribute). The bundle is written in a temporary directory beside DIR and
 * renamed into place, so DIR is either absent, the previous bundle, or complete.
 */
public final class EvidenceBundle {
    public static final String MANIFEST = "manifest.json";
    public static final String SIGNATURE = "manifest.json.p7s";
    public static final String KIND = "EvidenceManifest";

    /** The manifest ({@code kind: EvidenceManifest}); canonical JSON, so the same outputs give the same bytes. */
    public record Manifest(String apiVersion, String kind, String runId, String asOf, String tool, String toolVersion,
                           String source, String inputDigest, boolean complete, List<PackRef> packs,
                           List<FileEntry> files) {
    }

    public record PackRef(String id, String version, String sha256) {
    }

    /** @param path relative, '/'-separated */
    public record FileEntry(String path, String sha256, long size) {
    }

    /** A signing key and its certificate chain (signer first). The key is used for one signature, never stored. */
    public record Signer(PrivateKey key, List<X509Certificate> chain) {
        public X509Certificate certificate() {
            return chain.get(0);
        }

        @Override
        public String toString() {
            return "Signer[" + certificate().getSubjectX500Principal().getName() + "]"; // never the key
        }
    }

    /** Writes the outputs into the directory it is given. */
    @FunctionalInterface
    public interface Outputs {
        void writeTo(Path dir) throws IOException;
    }

    /**
     * @param problems one line each: what is wrong (empty: verified)
     * @param notes    what was checked, one line each
     */
    public record Verification(List<String> problems, List<String> notes) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private EvidenceBundle() {
    }

    // ---- writing ----

    /**
     * Writes a bundle atomically.
     *
     * @param signer      signs the manifest, or null for an unsigned bundle
     * @param signingTime the signing-time attribute (the wall clock, not the audit's as-of); the signer certificate
     *                    must be valid then
     * @return the files of the bundle, relative
     */
    public static List<String> write(Path dir, AuditReport report, Outputs outputs, Signer signer,
                                     Instant signingTime) throws IOException {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new UsageException("--bundle " + dir + " exists and is not a directory");
        }
        if (signer != null) {
            try {
                signer.certificate().checkValidity(Date.from(signingTime));
            } catch (GeneralSecurityException e) {
                throw new UsageException("signer certificate " + signer.certificate().getSubjectX500Principal()
                        + " is not valid at the signing time " + signingTime + " (valid "
                        + signer.certificate().getNotBefore().toInstant() + " to "
                        + signer.certificate().getNotAfter().toInstant() + ")", "use a current certificate");
            }
        }
        Path abs = dir.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + abs.getFileName() + ".tmp-");
        try {
            outputs.writeTo(tmp);
            Manifest manifest = manifest(report, tmp);
            byte[] bytes = Json.pretty(manifest);
            Files.write(tmp.resolve(MANIFEST), bytes);
            if (signer != null) {
                Files.write(tmp.resolve(SIGNATURE), sign(bytes, signer, signingTime));
            }
            if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
                Path old = Files.createTempDirectory(parent, "." + abs.getFileName() + ".old-");
                Files.delete(old);
                Files.move(abs, old, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmp, abs, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            } else {
                Files.move(tmp, abs, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            List<String> files = new ArrayList<>();
            manifest.files().forEach(f -> files.add(f.path()));
            files.add(MANIFEST);
            if (signer != null) {
                files.add(SIGNATURE);
            }
            return files;
        } finally {
            if (Files.exists(tmp)) {
                deleteTree(tmp);
            }
        }
    }

    /** The manifest of the files under {@code dir} (the manifest and its signature excluded). */
    static Manifest manifest(AuditReport report, Path dir) throws IOException {
        List<FileEntry> files = new ArrayList<>();
        for (String rel : listFiles(dir)) {
            if (rel.equals(MANIFEST) || rel.equals(SIGNATURE)) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(dir.resolve(rel));
            files.add(new FileEntry(rel, Json.sha256(bytes), bytes.length));
        }
        Metadata m = report.metadata();
        List<PackRef> packs = new ArrayList<>();
        for (PackInfo p : m.packs()) {
            packs.add(new PackRef(p.id(), p.version(), p.sha256()));
        }
        return new Manifest(AuditReport.API_VERSION, KIND, m.runId(), m.asOf(), m.tool(), m.toolVersion(),
                m.source(), m.inputDigest(), m.complete(), packs, files);
    }

    /** Every regular file under dir, relative and '/'-separated, sorted; symbolic links are listed as themselves. */
    private static List<String> listFiles(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .forEach(p -> out.add(dir.relativize(p).toString().replace('\\', '/')));
        }
        out.sort(null);
        return out;
    }

    /** A detached CMS SignedData over {@code content}, DER. Does not judge the certificate's validity. */
    public static byte[] sign(byte[] content, Signer signer, Instant signingTime) {
        try {
            String alg = algorithm(signer.key());
            ASN1EncodableVector attrs = new ASN1EncodableVector();
            attrs.add(new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(signingTime)))));
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(attrs)))
                    .build(new JcaContentSignerBuilder(alg).setProvider(Bc.PROVIDER).build(signer.key()), signer.certificate()));
            gen.addCertificates(new JcaCertStore(signer.chain()));
            byte[] der = gen.generate(new CMSProcessableByteArray(content), false).getEncoded();
            // the key must belong to the certificate: check the signature we just made
            CMSSignedData check = new CMSSignedData(new CMSProcessableByteArray(content), der);
            SignerInformation si = check.getSignerInfos().getSigners().iterator().next();
            if (!si.verify(new JcaSimpleSignerInfoVerifierBuilder().build(signer.certificate().getPublicKey()))) {
                throw new UsageException("the signing key does not match the certificate "
                        + signer.certificate().getSubjectX500Principal(), "pass the key of --sign-cert");
            }
            return der;
        } catch (CMSException e) {
            throw new UsageException("cannot sign the manifest: " + rootMessage(e), "the signing key must match --sign-cert");
        } catch (OperatorCreationException | GeneralSecurityException | IOException e) {
            throw new UsageException("cannot sign the manifest: " + rootMessage(e));
        }
    }

    private static String algorithm(PrivateKey key) {
        switch (key.getAlgorithm()) {
            case "RSA":
                return "SHA256withRSA";
            case "EC":
            case "ECDSA":
                int bits = key instanceof ECKey ec ? ec.getParams().getCurve().getField().getFieldSize() : 256;
                return bits > 384 ? "SHA512withECDSA" : bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
            default:
                throw new UsageException("unsupported signing key algorithm " + key.getAlgorithm(),
                        "use an RSA or ECDSA key");
        }
    }

    /** Reads an unencrypted PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC) and a PEM certificate chain. */
    public static Signer loadSigner(Path keyPem, Path certPem) {
        List<X509Certificate> chain = readCertificates(certPem, "--sign-cert");
        if (chain.isEmpty()) {
            throw new UsageException("--sign-cert " + certPem + " holds no PEM certificate");
        }
        PrivateKey key = null;
        try (Reader r = Files.newBufferedReader(keyPem, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            for (Object o = p.readObject(); o != null && key == null; o = p.readObject()) {
                if (o instanceof PEMKeyPair kp) {
                    key = jdkKey(kp.getPrivateKeyInfo());
                } else if (o instanceof PrivateKeyInfo pki) {
                    key = jdkKey(pki);
                } else if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new UsageException("--sign-key " + keyPem + " is encrypted",
                            "pass an unencrypted key from a protected location (e.g. a mounted Secret)");
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof UsageException u) {
                throw u;
            }
            // never echo key material: the message names the file only
            throw new UsageException("cannot read --sign-key " + keyPem + ": not a PEM private key");
        }
        if (key == null) {
            throw new UsageException("--sign-key " + keyPem + " holds no PEM private key");
        }
        return new Signer(key, List.copyOf(chain));
    }

    /** BouncyCastle as a private provider instance (not registered globally), for key conversion and signing. */
    private static final class Bc {
        static final java.security.Provider PROVIDER = new org.bouncycastle.jce.provider.BouncyCastleProvider();
    }

    /** A private key from its PKCS#8 form (SEC1 EC and PKCS#1 RSA keys arrive here converted by the PEM parser). */
    private static PrivateKey jdkKey(PrivateKeyInfo pki) throws IOException {
        var oid = pki.getPrivateKeyAlgorithm().getAlgorithm();
        if (!oid.equals(PKCSObjectIdentifiers.rsaEncryption) && !oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            throw new UsageException("unsupported signing key algorithm " + oid, "use an RSA or ECDSA key");
        }
        return new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter().setProvider(Bc.PROVIDER).getPrivateKey(pki);
    }

    /** Every certificate of a PEM (or DER) file. */
    public static List<X509Certificate> readCertificates(Path file, String what) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes));
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : certs) {
                out.add((X509Certificate) c);
            }
            return out;
        } catch (IOException e) {
            throw new UsageException("cannot read " + what + " " + file + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new UsageException(what + " " + file + " is not a PEM certificate file: " + rootMessage(e));
        }
    }

    // ---- verifying ----

    /**
     * Checks a bundle: every digest and size in the manifest, missing and extra files, the detached signature, and,
     * with trust roots, the signer's chain at the signing time (PKIX, revocation not checked).
     *
     * @param trust trust roots (PEM), or null: the signature is checked against its embedded certificate only
     */
    public static Verification verify(Path dir, List<X509Certificate> trust) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new UsageException(dir + " is not a directory", "pass the directory written by scan --bundle");
        }
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
            problems.add("MISSING " + MANIFEST + ": not an evidence bundle, or its manifest was removed");
            return new Verification(problems, notes);
        }
        byte[] manifestBytes = Files.readAllBytes(manifestFile);
        Manifest manifest = null;
        try {
            manifest = Json.COMPACT.readValue(manifestBytes, Manifest.class);
        } catch (JacksonException e) {
            problems.add("MALFORMED " + MANIFEST + ": " + String.valueOf(e.getOriginalMessage()).split("\\R", 2)[0]);
        }
        if (manifest != null && (!KIND.equals(manifest.kind()) || manifest.files() == null)) {
            problems.add("MALFORMED " + MANIFEST + ": not a meshaudit " + KIND);
            manifest = null;
        }
        Set<String> listed = new TreeSet<>();
        if (manifest != null) {
            for (FileEntry f : manifest.files()) {
                checkFile(dir, f, problems);
                listed.add(f.path());
            }
            for (String rel : listFiles(dir)) {
                if (!listed.contains(rel) && !rel.equals(MANIFEST) && !rel.equals(SIGNATURE)) {
                    problems.add("EXTRA " + rel + ": not listed in the manifest");
                }
            }
            checkRunId(dir, manifest, listed, problems);
            notes.add(manifest.files().size() + " file(s) listed; run " + manifest.runId() + " as of "
                    + manifest.asOf() + ", " + manifest.tool() + " " + manifest.toolVersion());
        }
        Path sig = dir.resolve(SIGNATURE);
        if (Files.exists(sig, LinkOption.NOFOLLOW_LINKS)) {
            checkSignature(manifestBytes, Files.readAllBytes(sig), trust, problems, notes);
        } else if (trust != null) {
            problems.add("UNSIGNED: --trust was given but the bundle has no " + SIGNATURE);
        } else {
            notes.add("unsigned bundle: digests checked, no signature");
        }
        return new Verification(List.copyOf(problems), List.copyOf(notes));
    }

    private static void checkFile(Path dir, FileEntry f, List<String> problems) throws IOException {
        String rel = f.path();
        if (rel == null || rel.isEmpty() || rel.startsWith("/") || rel.contains("\\")
                || Arrays.asList(rel.split("/")).contains("..")) {
            problems.add("UNSAFE manifest path '" + rel + "'");
            return;
        }
        Path p = dir.resolve(rel);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            problems.add("MISSING " + rel + ": listed in the manifest but not in the bundle");
            return;
        }
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            problems.add("CHANGED " + rel + ": not a regular file");
            return;
        }
        byte[] bytes = Files.readAllBytes(p);
        String actual = Json.sha256(bytes);
        if (!actual.equals(f.sha256()) || bytes.length != f.size()) {
            problems.add("CHANGED " + rel + ": sha256 " + actual + " (" + bytes.length + " bytes), manifest says "
                    + f.sha256() + " (" + f.size() + " bytes)");
        }
    }

    /** The report in the bundle must be the run the manifest names. */
    private static void checkRunId(Path dir, Manifest manifest, Set<String> listed, List<String> problems) {
        if (!listed.contains("audit.json") || !Files.isRegularFile(dir.resolve("audit.json"))) {
            return;
        }
        try {
            JsonNode n = Json.COMPACT.readTree(Files.readAllBytes(dir.resolve("audit.json")));
            String runId = n.path("metadata").path("runId").asString(null);
            if (runId != null && !runId.equals(manifest.runId())) {
                problems.add("MISMATCH audit.json: run " + runId + ", manifest says " + manifest.runId());
            }
        } catch (IOException | JacksonException e) {
            // a changed audit.json is already reported by its digest
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkSignature(byte[] manifest, byte[] p7s, List<X509Certificate> trust,
                                       List<String> problems, List<String> notes) {
        CMSSignedData cms;
        try {
            cms = new CMSSignedData(new CMSProcessableByteArray(manifest), p7s);
        } catch (CMSException | RuntimeException e) {
            problems.add("SIGNATURE " + SIGNATURE + " is not a CMS SignedData: " + rootMessage(e));
            return;
        }
        Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            problems.add("SIGNATURE expected one signer, found " + signers.size());
            return;
        }
        SignerInformation si = signers.iterator().next();
        Store<X509CertificateHolder> store = cms.getCertificates();
        Collection<X509CertificateHolder> matches = store.getMatches(si.getSID());
        if (matches.isEmpty()) {
            problems.add("SIGNATURE the signer certificate is not included in " + SIGNATURE);
            return;
        }
        X509Certificate cert;
        List<X509Certificate> included = new ArrayList<>();
        try {
            JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
            cert = conv.getCertificate(matches.iterator().next());
            for (X509CertificateHolder h : store.getMatches(null)) {
                included.add(conv.getCertificate(h));
            }
        } catch (GeneralSecurityException e) {
            problems.add("SIGNATURE unreadable signer certificate: " + rootMessage(e));
            return;
        }
        String who = cert.getSubjectX500Principal().getName();
        try {
            // verified with the public key: the certificate's validity at the signing time is judged below
            if (!si.verify(new JcaSimpleSignerInfoVerifierBuilder().build(cert.getPublicKey()))) {
                problems.add("SIGNATURE does not verify: " + MANIFEST + " was changed or signed with another key ("
                        + who + ")");
                return;
            }
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            problems.add("SIGNATURE does not verify: " + MANIFEST + " was changed or signed with another key ("
                    + rootMessage(e) + ")");
            return;
        }
        Instant signedAt = signingTime(si);
        if (signedAt == null) {
            problems.add("SIGNATURE has no signing time; cannot judge the signer at signing time");
            return;
        }
        try {
            cert.checkValidity(Date.from(signedAt));
        } catch (GeneralSecurityException e) {
            problems.add("EXPIRED signer " + who + " was not valid at the signing time " + signedAt + " (valid "
                    + cert.getNotBefore().toInstant() + " to " + cert.getNotAfter().toInstant() + ")");
            return;
        }
        boolean[] ku = cert.getKeyUsage();
        if (ku != null && !(ku[0] || ku[1])) {
            problems.add("SIGNATURE signer " + who + " is not allowed to sign (keyUsage lacks digitalSignature)");
            return;
        }
        if (trust == null) {
            notes.add("signature valid, signed by " + who + " at " + signedAt
                    + "; signer NOT checked against trust roots (pass --trust ROOTS.pem)");
            return;
        }
        String chainProblem = chain(cert, included, trust, signedAt);
        if (chainProblem != null) {
            problems.add("UNTRUSTED signer " + who + ": " + chainProblem);
        } else {
            notes.add("signature valid, signed by " + who + " at " + signedAt + ", chain trusted at that time");
        }
    }

    private static Instant signingTime(SignerInformation si) {
        AttributeTable t = si.getSignedAttributes();
        Attribute a = t == null ? null : t.get(CMSAttributes.signingTime);
        if (a == null || a.getAttrValues().size() != 1) {
            return null;
        }
        try {
            return Time.getInstance(a.getAttrValues().getObjectAt(0)).getDate().toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** PKIX path from the signer to one of the roots, judged at the signing time; null when it holds. */
    private static String chain(X509Certificate signer, List<X509Certificate> included, List<X509Certificate> roots,
                                Instant at) {
        if (roots.isEmpty()) {
            return "no trust roots given";
        }
        for (X509Certificate r : roots) {
            if (r.equals(signer)) {
                return null; // the signer itself is trusted, and was valid at the signing time (checked above)
            }
        }
        try {
            Set<TrustAnchor> anchors = new HashSet<>();
            for (X509Certificate r : roots) {
                anchors.add(new TrustAnchor(r, null));
            }
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(signer);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            List<X509Certificate> pool = new ArrayList<>(included);
            pool.add(signer);
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool)));
            CertPathBuilder.getInstance("PKIX").build(params);
            return null;
        } catch (GeneralSecurityException e) {
            return "no valid path to the trust roots at " + at + " (" + rootMessage(e) + ")";
        }
    }

    // ---- helpers ----

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.split("\\R", 2)[0];
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Reads the manifest of a bundle (for tools that sign or inspect it). */
    public static byte[] manifestBytes(Path dir) throws IOException {
        return Files.readAllBytes(dir.resolve(MANIFEST));
    }
}
