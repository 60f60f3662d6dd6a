package cn.suishoupai.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client address behind trusted proxies (ClientAddress): which hop of the forwarding header is believed. */
class ClientAddressRulesTest {

    private static final List<String> TRUSTED = List.of("10.0.0.0/8", "192.0.2.1", "2001:db8:1::/48");

    @ParameterizedTest(name = "[{index}] peer {0}, X-Forwarded-For ''{1}'' -> {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "NONE",
            value = {
                // an untrusted peer's header is ignored, however it looks
                "203.0.113.9 | 198.51.100.1               | 203.0.113.9",
                "203.0.113.9 | 10.0.0.1                   | 203.0.113.9",
                // a trusted peer: the right-most hop that is no trusted proxy
                "10.0.0.7    | 198.51.100.1               | 198.51.100.1",
                "10.0.0.7    | 203.0.113.5, 198.51.100.1  | 198.51.100.1",
                "10.0.0.7    | 203.0.113.5, 198.51.100.1, 10.2.3.4 | 198.51.100.1",
                "192.0.2.1   | 198.51.100.1, 192.0.2.1    | 198.51.100.1",
                "192.0.2.2   | 198.51.100.1               | 192.0.2.2",
                // every hop trusted: the left-most
                "10.0.0.7    | 10.9.9.9, 10.0.0.8         | 10.9.9.9",
                // a hop that is no address stops the walk at the proxy to its right
                "10.0.0.7    | 198.51.100.1, unknown      | 10.0.0.7",
                "10.0.0.7    | 198.51.100.1, evil.example, 10.1.1.1 | 10.1.1.1",
                "10.0.0.7    | 999.1.1.1                  | 10.0.0.7",
                // an empty header: the peer
                "10.0.0.7    | ''                         | 10.0.0.7",
                // ports and IPv6
                "10.0.0.7    | 198.51.100.1:4711          | 198.51.100.1",
                "10.0.0.7    | 2001:db8:2::5              | 2001:db8:2:0:0:0:0:5",
                "2001:db8:1::9 | 198.51.100.1             | 198.51.100.1",
                "2001:db8:2::9 | 198.51.100.1             | 2001:db8:2::9",
                // an IPv4 block also covers the IPv4-mapped form of a peer
                "::ffff:10.0.0.7 | 198.51.100.1           | 198.51.100.1",
            })
    void xForwardedFor(String peer, String header, String expected) {
        ClientAddress rule = ClientAddress.of(TRUSTED, "x-forwarded-for");
        assertThat(rule.resolve(peer, header.isEmpty() ? List.of() : List.of(header)))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] peer {0}, Forwarded ''{1}'' -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "203.0.113.9 | for=198.51.100.1                                  | 203.0.113.9",
                "10.0.0.7    | for=198.51.100.1;proto=https                      | 198.51.100.1",
                "10.0.0.7    | for=203.0.113.5, for=198.51.100.1;by=10.0.0.7     | 198.51.100.1",
                "10.0.0.7    | for=\"[2001:db8:2::5]:4711\"                      | 2001:db8:2:0:0:0:0:5",
                "10.0.0.7    | For=\"198.51.100.1:80\", for=10.3.3.3             | 198.51.100.1",
                "10.0.0.7    | for=203.0.113.5, for=_hidden                      | 10.0.0.7",
                "10.0.0.7    | for=203.0.113.5, proto=http                       | 10.0.0.7",
            })
    void forwarded(String peer, String header, String expected) {
        ClientAddress rule = ClientAddress.of(TRUSTED, "forwarded");
        assertThat(rule.resolve(peer, List.of(header))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.7, 198.51.100.1"})
    void severalHeaderLinesAreOneListInOrder(String peer, String client) {
        ClientAddress rule = ClientAddress.of(TRUSTED, "x-forwarded-for");
        assertThat(rule.resolve(peer, List.of("203.0.113.5", client + ", 10.1.1.1")))
                .isEqualTo(client);
        assertThat(rule.resolve(peer, List.of(client, "203.0.113.5"))).isEqualTo("203.0.113.5");
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.7, 198.51.100.1"})
    void trustingNoOneAlwaysAnswersThePeer(String peer, String header) {
        ClientAddress rule = ClientAddress.of(List.of(), "x-forwarded-for");
        assertThat(rule.trustsAnyone()).isFalse();
        assertThat(rule.resolve(peer, List.of(header))).isEqualTo(peer);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"10.0.0.0/33 | bad prefix", "proxy.example | no IP address", "10.0.0.0/x | bad prefix"})
    void aMalformedSettingStopsTheStart(String block, String message) {
        assertThatThrownBy(() -> ClientAddress.of(List.of(block), "x-forwarded-for"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(message);
        assertThatThrownBy(() -> ClientAddress.of(List.of(), "x-real-ip"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("client-address-header");
    }
}
