package cn.suishoupai.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void theDummyHashIsARealHashAtTheSameCostAsAccounts() {
        // the unknown-username path must burn as long as a real check: same algorithm, same cost
        assertTrue(hasher.verify("not-a-real-password", PasswordHasher.DUMMY_HASH));
        String real = hasher.hash("s3cret-pass");
        assertEquals(real.substring(0, 7).replace("$2y$", "$2a$"), PasswordHasher.DUMMY_HASH.substring(0, 7));
        assertEquals(String.format("$%02d$", PasswordHasher.COST), real.substring(3, 7));
    }

    @Test
    void hashesAreSaltedAndVerifyOnlyTheirPassword() {
        String a = hasher.hash("s3cret-pass");
        assertNotEquals(a, hasher.hash("s3cret-pass"));
        assertTrue(hasher.verify("s3cret-pass", a));
        assertFalse(hasher.verify("s3cret-pasS", a));
        assertFalse(hasher.verify("s3cret-pass", "not a hash"));
    }
}
