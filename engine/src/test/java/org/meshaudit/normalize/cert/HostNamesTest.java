package org.meshaudit.normalize.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 6125 section 6.4 host matching for CERT-005 "SAN does not match the service host name". */
class HostNamesTest {

    @ParameterizedTest(name = "{0} covered by [{1}]: {2}")
    @CsvSource(value = {
        "shop.example.com|shop.example.com|true",
        "Shop.Example.COM.|shop.example.com|true",           // case and the trailing dot do not matter
        "www.shop.example.com|shop.example.com|false",
        "www.shop.example.com|*.shop.example.com|true",      // one left-most label
        "shop.example.com|*.shop.example.com|false",         // the wildcard needs a label
        "a.b.shop.example.com|*.shop.example.com|false",     // exactly one label, not two
        "www.shop.example.com|w*.shop.example.com|false",    // a partial-label wildcard is not honoured
        "www.shop.example.com|www.*.example.com|false",      // only the left-most label may be a wildcard
        "*.shop.example.com|*.shop.example.com|true",        // a wildcard listener needs the same wildcard
        "*.shop.example.com|www.shop.example.com|false",
        "*.shop.example.com|*.example.com|false",
        "api.shop.example.com|shop.example.com,api.shop.example.com|true",
        "10.0.0.7|10.0.0.7|false"                            // an IP needs an iPAddress SAN, not a DNS SAN
    }, delimiter = '|')
    void dnsNames(String host, String sans, boolean covered) {
        assertEquals(covered, HostNames.covers(host, Arrays.asList(sans.split(",")), List.of()));
    }

    @ParameterizedTest(name = "{0} covered by IP [{1}]: {2}")
    @CsvSource(value = {"10.0.0.7|10.0.0.7|true", "10.0.0.7|10.0.0.8|false", "fd00::1|fd00:0:0:0:0:0:0:1|true",
        "999.0.0.1|999.0.0.1|false"}  // not an address: judged as a DNS name, and there is none
   , delimiter = '|')
    void ipAddresses(String host, String ips, boolean covered) {
        assertEquals(covered, HostNames.covers(host, List.of(), List.of(ips)));
    }

    @ParameterizedTest(name = "Istio host {0} -> {1}")
    @CsvSource({"storefront/shop.example.com,shop.example.com", "*/api.example.com,api.example.com",
        "./web.example.com,web.example.com", "plain.example.com,plain.example.com"})
    void istioHostsLoseTheirNamespacePrefix(String host, String name) {
        assertEquals(name, HostNames.stripNamespace(host));
    }
}
