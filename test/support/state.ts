import { expect } from "vitest";
import type { TestGateway } from "./gateway.js";

/** Every table a call may change. The audit log is append-only and left out. */
export const MUTABLE_TABLES = [
  "sso_user",
  "sso_session",
  "sso_attr",
  "sso_password_reset",
  "sso_linked_auth",
  "sso_external_credential",
] as const;

export type MutableTable = (typeof MUTABLE_TABLES)[number];

/** One md5 digest of all rows per mutable table: equal digests, nothing changed (and a difference names the table). */
export async function tableDigests(gw: TestGateway): Promise<Record<MutableTable, string>> {
  const digest = (table: MutableTable) =>
    `(SELECT md5(coalesce(string_agg(to_jsonb(t)::text, ',' ORDER BY id), '')) FROM ${table} t) AS ${table}`;
  const [row] = await gw.query<Record<MutableTable, string>>(`SELECT ${MUTABLE_TABLES.map(digest).join(", ")}`);
  if (!row) throw new Error("no digests");
  return row;
}

/** Runs `act` and proves that it changed no row of any mutable table; returns what `act` returned. */
export async function expectUnchanged<T>(gw: TestGateway, act: () => Promise<T>, label?: string): Promise<T> {
  const before = await tableDigests(gw);
  const result = await act();
  expect(await tableDigests(gw), label).toEqual(before);
  return result;
}
