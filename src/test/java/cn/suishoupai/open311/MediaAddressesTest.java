package cn.suishoupai.open311;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses a media_url may lead to (no SSRF): literals only, so no name is resolved. */
class MediaAddressesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.8.8.8",
                "0.0.0.0",
                "10.1.2.3",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "169.254.169.254",
                "100.64.0.1",
                "224.0.0.1",
                "255.255.255.255",
                "::1",
                "::",
                "fe80::1",
                "fc00::1",
                "fd12:3456::1",
                "ff02::1",
                "::ffff:127.0.0.1",
                "::ffff:10.0.0.1"
            })
    void nonPublicAddressesAreRefused(String address) throws Exception {
        assertThat(MediaFetcher.isPublic(InetAddress.getByName(address))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "114.114.114.114", "172.32.0.1", "2001:4860:4860::8888"})
    void publicAddressesAreFetched(String address) throws Exception {
        assertThat(MediaFetcher.isPublic(InetAddress.getByName(address))).isTrue();
    }
}
