/**
 * Signed model versions: an Ed25519 signature (the JDK's own provider) over a version's exact
 * {@code meta.json} bytes, which carry the hash of every artifact file and of the training
 * manifest. A version is signed at publication with a private key kept outside the registry and
 * checked at load against the public keys an operator trusts.
 */
package io.recsys.core.signing;
