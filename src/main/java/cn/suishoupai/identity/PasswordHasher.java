package cn.suishoupai.identity;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.spec.EncryptablePasswordSpec;
import org.wildfly.security.password.spec.IteratedSaltedPasswordAlgorithmSpec;
import org.wildfly.security.password.util.ModularCrypt;

/** bcrypt through WildFly Elytron, the library behind Quarkus's BcryptUtil, in Modular Crypt format ($2y$...). */
@ApplicationScoped
public class PasswordHasher {

    private static final WildFlyElytronPasswordProvider PROVIDER = new WildFlyElytronPasswordProvider();
    /** 2^10 rounds: ~70 ms per hash on the project's machines; enough against offline guessing. */
    static final int COST = 10;

    private final SecureRandom random = new SecureRandom();
    /**
     * Verified against when the username is unknown, so timing does not reveal which accounts exist.
     * A bcrypt hash of a throw-away password at {@link #COST}, made once offline: hashing it at
     * start cost every instance a bcrypt run and its JIT work on the start path.
     */
    static final String DUMMY_HASH = "$2a$10$oKLQfKHGSaC4wCFHaYdb0uFmAvBcQJyEkB1uCKKzFi.DrfgIhkbEm";

    public String hash(String password) {
        byte[] salt = new byte[BCryptPassword.BCRYPT_SALT_SIZE];
        random.nextBytes(salt);
        try {
            PasswordFactory factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT, PROVIDER);
            BCryptPassword p = (BCryptPassword) factory.generatePassword(new EncryptablePasswordSpec(
                    password.toCharArray(), new IteratedSaltedPasswordAlgorithmSpec(COST, salt)));
            return ModularCrypt.encodeAsString(p);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("bcrypt unavailable", e);
        }
    }

    public boolean verify(String password, String hash) {
        try {
            PasswordFactory factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT, PROVIDER);
            BCryptPassword stored = (BCryptPassword) factory.translate(ModularCrypt.decode(hash));
            return factory.verify(stored, password.toCharArray());
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Burns the same time as a real verification. */
    public void verifyDummy(String password) {
        verify(password, DUMMY_HASH);
    }
}
