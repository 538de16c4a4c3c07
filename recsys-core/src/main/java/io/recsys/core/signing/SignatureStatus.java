package io.recsys.core.signing;

/**
 * What a version's signature says, as {@code recsys verify} reports it.
 *
 * @param state the verdict
 * @param keyId the signing key's id, or null when unsigned or unreadable
 * @param detail a sentence for people; never a path or key material
 */
public record SignatureStatus(State state, String keyId, String detail) {

    /** The verdicts. */
    public enum State {
        /** Signed by a trusted key, and the signature matches {@code meta.json}. */
        VALID,
        /** No signature file. */
        UNSIGNED,
        /** Signed, but no trusted key was given to check it with. */
        NOT_CHECKED,
        /** Signed by a key that is not trusted. */
        UNTRUSTED_KEY,
        /** The signature file is malformed or does not match {@code meta.json}. */
        INVALID
    }

    /** @return whether the signature was checked and holds */
    public boolean valid() {
        return state == State.VALID;
    }
}
