import type { Call } from "../context.js";

/**
 * After a password was verified against `stored`: when the hash was made otherwise than the
 * configuration now asks (docs/rules.md, "Passwords"), hashes the password again and stores it
 * with `replace`, so that a raised `[argon2]` cost or a changed `[main] encrypt_password` reaches
 * every hash at its owner's next sign-in. The sign-in never fails for it: a hash that cannot be
 * made or stored now (every core busy, the database away) is left for the next one.
 */
export async function upgradeHash(
  call: Call,
  stored: string,
  password: string,
  replace: (next: string) => Promise<boolean>,
  options: { sealable: boolean },
): Promise<void> {
  const passwords = call.services.passwords;
  if (!passwords.isOutdated(stored, options.sealable)) return;
  try {
    const owner = call.request.clientAddr;
    const next = options.sealable ? await passwords.hash(password, owner) : await passwords.phc(password, owner);
    if (await replace(next)) call.audit.details.rehashed = true;
  } catch (e) {
    call.services.log.warn("could not store a password's new hash; the next sign-in tries again", {
      cid: call.request.cid,
      error: (e as Error).message,
    });
  }
}
