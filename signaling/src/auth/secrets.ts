/** Password and point-key hashing (argon2id, the library's recommended parameters). */
import argon2 from 'argon2';

export function hashSecret(secret: string): Promise<string> {
  return argon2.hash(secret, { type: argon2.argon2id });
}

/**
 * A fixed hash to verify against when the username does not exist, so an unknown user costs the
 * same time as a wrong password and the response cannot tell the two apart.
 */
let decoy: Promise<string> | undefined;

export async function verifySecret(hash: string | undefined, secret: string): Promise<boolean> {
  if (hash === undefined) {
    decoy ??= hashSecret('decoy-secret-that-never-matches');
    await argon2.verify(await decoy, secret);
    return false;
  }
  try {
    return await argon2.verify(hash, secret);
  } catch {
    return false;
  }
}
