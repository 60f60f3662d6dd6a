package cn.suishoupai.common;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The client's address behind trusted proxies: the connection's peer unless that peer is a trusted proxy; then the
 * forwarding header's hops are read from the right (the hop the nearest proxy appended) and the first one that is
 * not itself a trusted proxy is the client. Hops further left were written by whoever sent the request and are never
 * believed. A hop that is no address ({@code unknown}, an obfuscated {@code _name}, garbage) stops the walk: the
 * proxy to its right is then the best address known. A plain rule class: {@code Caller} applies it per request.
 */
public final class ClientAddress {

    /** Which header the trusted proxies write. */
    public enum Header {
        X_FORWARDED_FOR("X-Forwarded-For"),
        FORWARDED("Forwarded");

        public final String name;

        Header(String name) {
            this.name = name;
        }

        static Header of(String setting) {
            return switch (setting.trim().toLowerCase(Locale.ROOT)) {
                case "x-forwarded-for" -> X_FORWARDED_FOR;
                case "forwarded" -> FORWARDED;
                default ->
                    throw new IllegalStateException(
                            "suishoupai.http.client-address-header must be x-forwarded-for or forwarded, not '"
                                    + setting + "'");
            };
        }
    }

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+(%[0-9A-Za-z]+)?");

    private final List<Block> trusted;
    private final Header header;

    private ClientAddress(List<Block> trusted, Header header) {
        this.trusted = trusted;
        this.header = header;
    }

    /** From the settings; a malformed block stops the start with a message naming it. */
    public static ClientAddress of(List<String> trustedProxies, String header) {
        List<Block> blocks = new ArrayList<>();
        for (String s : trustedProxies) {
            if (!s.isBlank()) {
                blocks.add(Block.parse(s.trim()));
            }
        }
        return new ClientAddress(List.copyOf(blocks), Header.of(header));
    }

    public Header header() {
        return header;
    }

    public boolean trustsAnyone() {
        return !trusted.isEmpty();
    }

    /**
     * The client address for a request from {@code peer} carrying these values of the configured header (each
     * header line as received, in order; empty when absent).
     */
    public String resolve(String peer, List<String> headerValues) {
        if (peer == null || !isTrusted(peer) || headerValues.isEmpty()) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String v : headerValues) {
            hops.addAll(header == Header.FORWARDED ? forwardedFor(v) : xForwardedFor(v));
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            byte[] hop = literal(hops.get(i));
            if (hop == null) {
                return client; // not an address: the proxy to its right is the best we know
            }
            client = normal(hop);
            if (!isTrusted(hop)) {
                return client;
            }
        }
        return client; // every hop a trusted proxy: the left-most
    }

    boolean isTrusted(String address) {
        byte[] a = literal(address);
        return a != null && isTrusted(a);
    }

    private boolean isTrusted(byte[] a) {
        for (Block b : trusted) {
            if (b.contains(a)) {
                return true;
            }
        }
        return false;
    }

    static List<String> xForwardedFor(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(",")) {
            out.add(part.trim());
        }
        return out;
    }

    /** The for= parameters of one Forwarded header line (RFC 7239): elements split on commas, pairs on semicolons. */
    static List<String> forwardedFor(String value) {
        List<String> out = new ArrayList<>();
        for (String element : value.split(",")) {
            String found = "";
            for (String pair : element.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase("for")) {
                    found = pair.substring(eq + 1).trim();
                }
            }
            out.add(found); // an element without for= is an unknown hop
        }
        return out;
    }

    /** An IP literal (with an optional port, brackets, quotes) as bytes, or null; never a DNS lookup. */
    static byte[] literal(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.trim();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                return null;
            }
            s = s.substring(1, close);
        } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':') && s.contains(".")) {
            s = s.substring(0, s.indexOf(':')); // IPv4 with a port
        }
        var v4 = IPV4.matcher(s);
        if (v4.matches()) {
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(v4.group(i + 1));
                if (octet > 255) {
                    return null;
                }
                b[i] = (byte) octet;
            }
            return b;
        }
        if (s.indexOf(':') < 0
                || !IPV6_CHARS.matcher(s).matches()
                || (s.charAt(0) != ':' && Character.digit(s.charAt(0), 16) < 0)) {
            return null;
        }
        try {
            // a string with a colon is only ever parsed as an IPv6 literal, never looked up
            byte[] b = InetAddress.getByName(s).getAddress();
            return b;
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String normal(byte[] a) {
        try {
            return InetAddress.getByAddress(a).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CIDR block; an IPv4 block also matches IPv4-mapped IPv6 addresses. */
    record Block(byte[] network, int prefix) {

        static Block parse(String s) {
            int slash = s.indexOf('/');
            byte[] net = literal(slash < 0 ? s : s.substring(0, slash));
            if (net == null) {
                throw new IllegalStateException(
                        "suishoupai.http.trusted-proxies: '" + s + "' is no IP address or CIDR block");
            }
            int prefix;
            try {
                prefix = slash < 0 ? net.length * 8 : Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > net.length * 8) {
                throw new IllegalStateException("suishoupai.http.trusted-proxies: '" + s + "' has a bad prefix length");
            }
            return new Block(net, prefix);
        }

        boolean contains(byte[] address) {
            byte[] a = address;
            if (a.length == 16 && network.length == 4 && isMappedV4(a)) {
                a = java.util.Arrays.copyOfRange(a, 12, 16);
            }
            if (a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }

        private static boolean isMappedV4(byte[] a) {
            for (int i = 0; i < 10; i++) {
                if (a[i] != 0) {
                    return false;
                }
            }
            return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
        }
    }
}
