package org.meshaudit.lifecycle;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/** A CMS signature made with one key while naming another key's certificate: what a forger would produce. */
final class ForgedSignature {
    private ForgedSignature() {
    }

    static byte[] sign(byte[] content, KeyPair key, X509Certificate claimed, Instant at) throws Exception {
        CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
        gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(new JcaContentSignerBuilder(TestPki.alg(key)).build(key.getPrivate()), claimed));
        gen.addCertificates(new JcaCertStore(List.of(claimed)));
        return gen.generate(new CMSProcessableByteArray(content), false).getEncoded();
    }
}
