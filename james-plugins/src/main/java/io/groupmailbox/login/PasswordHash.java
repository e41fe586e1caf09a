package io.groupmailbox.login;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2-HMAC-SHA256 (from the JDK) of app passwords, stored as {@code pbkdf2-sha256$iterations$salt$hash}.
 *
 * <p>A burst of wrong passwords cannot take the CPU: at most {@link #CONCURRENT} hashes run at once (half the
 * cores), and a verification that waits longer than {@link #MAX_WAIT_MS} for its turn fails like a wrong password.
 * Most wrong passwords never get here: {@link AppPasswords} hashes only when the password's selector names a stored
 * app password.
 */
public final class PasswordHash {

    /** About 40-70 ms per hash on one core of the reference machine (docs/benchmarks.md, "App password login"). */
    public static final int ITERATIONS = 100_000;
    static final int CONCURRENT = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    static final long MAX_WAIT_MS = 2_000;
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Semaphore TURNS = new Semaphore(CONCURRENT, true);

    private PasswordHash() {
    }

    public static String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return "pbkdf2-sha256$" + ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
            + Base64.getEncoder().encodeToString(pbkdf2(password, salt, ITERATIONS));
    }

    /** Whether {@code password} matches {@code stored}; false too when the hashing capacity stays busy too long. */
    public static boolean matches(String password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
            return false;
        }
        int iterations = Integer.parseInt(parts[1]);
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        try {
            if (!TURNS.tryAcquire(MAX_WAIT_MS, TimeUnit.MILLISECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            return MessageDigest.isEqual(expected, pbkdf2(password, salt, iterations));
        } finally {
            TURNS.release();
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
            try {
                return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
        }
    }
}
