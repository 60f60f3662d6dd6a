package cn.suishoupai.open311;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a media_url's host, once per fetch ({@link MediaFetcher} checks these addresses and connects to one of
 * them). The system resolver; a bean so that a test can stand in for DNS.
 */
@ApplicationScoped
public class MediaResolver {

    /** Every address of the host (an IP literal is itself), or UnknownHostException. */
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        return List.of(InetAddress.getAllByName(host));
    }
}
