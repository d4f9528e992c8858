import type { Call } from "../context.js";

/**
 * After a password was verified against `stored`: stores the form the hash should take now
 * (PasswordHasher.upgraded, docs/rules.md, "Passwords") with `replace`, so that a raised
 * `[argon2]` cost, `[main] encrypt_password` or a new secret key reaches every hash at its
 * owner's next sign-in. The sign-in never fails for it: what cannot be done now is left for the next one.
 */
export async function upgradeHash(
  call: Call,
  stored: string,
  password: string,
  replace: (next: string) => Promise<boolean>,
  options: { sealable: boolean },
): Promise<void> {
  try {
    const next = await call.services.passwords.upgraded(stored, password, options.sealable);
    if (next !== undefined && (await replace(next))) call.audit.details.hash_upgraded = true;
  } catch (e) {
    call.services.log.warn("could not store a password's new hash; the next sign-in tries again", {
      cid: call.request.cid,
      error: (e as Error).message,
    });
  }
}
