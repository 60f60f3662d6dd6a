package cn.suishoupai.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Self-signed X.509 certificates for the tests' local https servers, made with the JDK alone (no keytool, no
 * BouncyCastle): an EC P-256 key, a v3 certificate whose subject alternative names are the given DNS names, DER-encoded
 * here and signed with SHA256withECDSA. Written and read as PEM.
 */
public final class TestCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestCertificates() {}

    /** A key and its self-signed certificate. */
    public record Issued(X509Certificate certificate, PrivateKey key) {

        /** A TLS server context presenting this certificate. */
        public SSLContext serverContext() {
            try {
                char[] password = "test".toCharArray();
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("server", key, password, new java.security.cert.Certificate[] {certificate});
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, password);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(kmf.getKeyManagers(), null, RANDOM);
                return ctx;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Writes the certificate to {@code cert} and the key (PKCS#8) to {@code key}, both PEM. */
        public void write(Path cert, Path key) {
            try {
                Files.createDirectories(cert.toAbsolutePath().getParent());
                Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));
                Files.writeString(key, pem("PRIVATE KEY", this.key.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Reads what {@link #write} wrote. */
        public static Issued read(Path cert, Path key) {
            try {
                X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(cert)));
                String body = Files.readString(key)
                        .replaceAll("-----[A-Z ]+-----", "")
                        .replaceAll("\\s", "");
                PrivateKey k = KeyFactory.getInstance("EC")
                        .generatePrivate(
                                new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
                return new Issued(c, k);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A self-signed certificate for these DNS names (the first is also the subject's common name), valid 30 days. */
    public static Issued selfSigned(List<String> dnsNames) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair pair = gen.generateKeyPair();
            byte[] algorithm = seq(oid("1.2.840.10045.4.3.2")); // ecdsa-with-SHA256
            byte[] name = seq(set(seq(oid("2.5.4.3"), tlv(0x0c, dnsNames.get(0).getBytes(StandardCharsets.UTF_8)))));
            Instant now = Instant.now();
            byte[] validity = seq(utcTime(now.minus(Duration.ofDays(1))), utcTime(now.plus(Duration.ofDays(30))));
            ByteArrayOutputStream names = new ByteArrayOutputStream();
            for (String dns : dnsNames) {
                names.writeBytes(tlv(0x82, dns.getBytes(StandardCharsets.US_ASCII))); // dNSName [2] IMPLICIT IA5String
            }
            byte[] san = seq(oid("2.5.29.17"), tlv(0x04, tlv(0x30, names.toByteArray())));
            byte[] tbs = seq(
                    tlv(0xa0, tlv(0x02, new byte[] {2})), // version v3
                    tlv(0x02, new BigInteger(63, RANDOM).add(BigInteger.ONE).toByteArray()),
                    algorithm,
                    name,
                    validity,
                    name,
                    pair.getPublic().getEncoded(), // SubjectPublicKeyInfo
                    tlv(0xa3, seq(san)));
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(pair.getPrivate());
            signer.update(tbs);
            byte[] sig = signer.sign();
            byte[] bits = new byte[sig.length + 1]; // no unused bits
            System.arraycopy(sig, 0, bits, 1, sig.length);
            byte[] der = seq(tbs, algorithm, tlv(0x03, bits));
            X509Certificate cert = (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            cert.verify(pair.getPublic());
            return new Issued(cert, pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    // ---------------------------------------------------------------- DER

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xff);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] seq(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long v = Long.parseLong(arcs[i]);
            int groups = 1;
            while ((v >> (7 * groups)) != 0) {
                groups++;
            }
            for (int g = groups - 1; g >= 0; g--) {
                int b = (int) ((v >> (7 * g)) & 0x7f);
                out.write(g == 0 ? b : b | 0x80);
            }
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] utcTime(Instant t) {
        String s = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .format(t);
        return tlv(0x17, s.getBytes(StandardCharsets.US_ASCII));
    }
}
