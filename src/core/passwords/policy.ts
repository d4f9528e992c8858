import type { Config } from "../../config/index.js";
import { Code, SsoError } from "../status.js";

type Scorer = (password: string) => number;
let scorer: Promise<Scorer> | undefined;

/** zxcvbn, loaded only when `[password] min_complexity` asks for it (its dictionaries are large). */
function zxcvbn(): Promise<Scorer> {
  scorer ??= (async () => {
    const { ZxcvbnFactory } = await import("@zxcvbn-ts/core");
    const common = await import("@zxcvbn-ts/language-common");
    const factory = new ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs });
    return (password: string) => factory.check(password).score;
  })();
  return scorer;
}

/**
 * The password policy (docs/rules.md, "Passwords"), first failure wins. Failures are disclosable only
 * when `[password] inform_if_invalid` (which matters to login, the one masking caller).
 */
export async function checkPasswordPolicy(config: Config, password: string): Promise<void> {
  const rules = config.password;
  const disclosable = rules.inform_if_invalid;
  if (rules.min_complexity > 0 && (await zxcvbn())(password) < rules.min_complexity) {
    throw new SsoError(Code.PASSWORD_NOT_COMPLEX_ENOUGH, { disclosable });
  }
  const length = [...password].length;
  if (length < rules.min_length) throw new SsoError(Code.PASSWORD_TOO_SHORT, { disclosable });
  if (length > rules.max_length) throw new SsoError(Code.PASSWORD_TOO_LONG, { disclosable });
  const lowered = password.toLowerCase();
  if (rules.reject_list.some((entry) => lowered.includes(entry))) throw new SsoError(Code.PASSWORD_INVALID, { disclosable });
  if (!config.signup.password_allow_whitespace && /\s/u.test(password))
    throw new SsoError(Code.PASSWORD_INVALID, { disclosable });
}
