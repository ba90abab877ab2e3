package org.meshaudit.normalize.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meshaudit.collect.SnapshotBuilder;
import org.meshaudit.facts.AuthorizationPolicyFact;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * IST-AZ-5: on a TCP (non-HTTP) port an ALLOW rule that uses HTTP-only fields is removed, so it can only narrow what
 * the policy allows there; the rule still admits whom it admits on HTTP ports. A policy that admits any caller through
 * such a rule stays "admits any caller" (AUTHZ-002) and says on which ports.
 */
class AuthorizationFactsTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private static AuthorizationPolicyFact fact(String spec) {
        SnapshotBuilder b = new SnapshotBuilder();
        b.addObject(YAML.readTree("apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
                + "metadata: {name: p, namespace: pay}\nspec: " + spec + "\n"), "test.yaml#0");
        var ap = b.build().ofKind("security.istio.io", "AuthorizationPolicy").get(0);
        return AuthorizationFacts.istioPolicy(ap, Set.of());
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("IST-AZ-5 rule without from and with HTTP methods: open on HTTP ports, dropped on TCP",
                        "{rules: [{to: [{operation: {methods: [GET]}}]}]}", true,
                        List.of("rules[0] has no 'from': any source, authenticated or not, is allowed on HTTP ports;"
                                + " on TCP ports the rule is dropped because of to.operation.methods (IST-AZ-5)")),
                Arguments.of("IST-AZ-5 source without identity plus a request.* condition",
                        "{rules: [{from: [{source: {ipBlocks: [10.0.0.0/8]}}], when: [{key: 'request.headers[x-id]',"
                                + " values: [a]}]}]}", true,
                        List.of("rules[0].from[0] names no principal, namespace or request principal: callers without"
                                + " a mesh identity match it (IST-AZ-4) on HTTP ports; on TCP ports the rule is dropped"
                                + " because of when request.headers[x-id] (IST-AZ-5)")),
                Arguments.of("IST-AZ-5 request principals only: JWT required on HTTP ports, rule dropped on TCP",
                        "{rules: [{from: [{source: {requestPrincipals: ['*']}}]}]}", false, List.of()),
                Arguments.of("IST-AZ-5 TCP-only fields (ports) keep the rule on TCP ports: open everywhere",
                        "{rules: [{to: [{operation: {ports: ['5432']}}]}]}", true,
                        List.of("rules[0] has no 'from': any source, authenticated or not, is allowed")),
                Arguments.of("IST-AZ-5 principals with HTTP paths: identity required either way",
                        "{rules: [{from: [{source: {principals: [cluster.local/ns/pay/sa/api]}}],"
                                + " to: [{operation: {paths: [/v1/*]}}]}]}", false, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void allowRulesWithHttpOnlyFields(String name, String spec, boolean open, List<String> reasons) {
        AuthorizationPolicyFact f = fact(spec);
        assertEquals(open, f.isAllowsAnyCaller(), f.getReasons().toString());
        assertEquals(reasons, f.getReasons());
    }
}
