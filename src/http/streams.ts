/** Connections one client address may hold open for subscriptions at once, per gateway process. */
export const MAX_STREAMS_PER_ADDRESS = 32;

/**
 * The connections that stay open as long as their subscriptions do, WebSockets and server-sent
 * event streams together: at most `max` (half the process's `[server] max_connections`) and
 * MAX_STREAMS_PER_ADDRESS of one client address, so that one client's streams cannot take the
 * connections every other request needs (docs/graphql.md, "Live events").
 */
export class StreamBudget {
  readonly #perAddress = new Map<string, number>();
  #held = 0;

  constructor(private readonly max: number) {}

  /** One stream for `address`, and the function that gives it back (once); undefined when none is left. */
  take(address: string): (() => void) | undefined {
    const held = this.#perAddress.get(address) ?? 0;
    if (this.#held >= this.max || held >= MAX_STREAMS_PER_ADDRESS) return undefined;
    this.#held++;
    this.#perAddress.set(address, held + 1);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.#held--;
      const left = (this.#perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.#perAddress.set(address, left);
      else this.#perAddress.delete(address);
    };
  }
}
