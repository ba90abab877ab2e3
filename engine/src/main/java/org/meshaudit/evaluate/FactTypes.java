package org.meshaudit.evaluate;

import java.util.Map;
import java.util.TreeMap;
import org.meshaudit.facts.AuthorizationCoverage;
import org.meshaudit.facts.AuthorizationPolicyFact;
import org.meshaudit.facts.CertManagerCertificate;
import org.meshaudit.facts.CertManagerIssuer;
import org.meshaudit.facts.CertificateFact;
import org.meshaudit.facts.DestinationRuleTls;
import org.meshaudit.facts.ExternalServicePort;
import org.meshaudit.facts.IngressTls;
import org.meshaudit.facts.NamespaceFact;
import org.meshaudit.facts.PortPosture;
import org.meshaudit.facts.Subject;
import org.meshaudit.facts.WorkloadPosture;

/** The fact types a rule may name in {@code applies_to.fact}. */
public final class FactTypes {
    private static final Map<String, Class<? extends Subject>> TYPES = new TreeMap<>();

    static {
        for (Class<? extends Subject> c : java.util.List.of(NamespaceFact.class, WorkloadPosture.class,
                PortPosture.class, DestinationRuleTls.class, AuthorizationPolicyFact.class,
                AuthorizationCoverage.class, IngressTls.class, ExternalServicePort.class, CertificateFact.class,
                CertManagerCertificate.class, CertManagerIssuer.class, org.meshaudit.facts.ProbedEndpoint.class)) {
            TYPES.put(c.getSimpleName(), c);
        }
    }

    private FactTypes() {
    }

    public static boolean known(String name) {
        return TYPES.containsKey(name);
    }

    public static Class<? extends Subject> get(String name) {
        return TYPES.get(name);
    }

    public static String names() {
        return String.join(", ", TYPES.keySet());
    }
}
