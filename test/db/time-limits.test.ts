import { type AddressInfo, createServer, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../../src/db/client.js";
import { freshDatabase } from "../support/database.js";

// A host that accepts connections and never answers (a firewall dropping the traffic, a
// database frozen before its greeting): what reaches it must give up within [database] limits.

const LIMITS = { size: 2, connectTimeoutMs: 500, queryTimeoutMs: 500 };
const sockets = new Set<Socket>();
const silent = createServer((socket) => {
  sockets.add(socket);
  socket.on("error", () => {});
});
let port = 0;

beforeAll(async () => {
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  port = (silent.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

describe("a database host that never answers", () => {
  it("the events connection (LISTEN) gives up after connect_timeout instead of holding its subscribers for good", async () => {
    const database = await freshDatabase();
    const db = connect({ ...database.params, host: "127.0.0.1", port }, LIMITS);
    try {
      const started = Date.now();
      await expect(
        db.listen(
          "sso_events",
          () => {},
          () => {},
        ),
      ).rejects.toThrow(/timeout/);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await db.close();
      await database.drop();
    }
  });

  it("a call's statement gives up after connect_timeout", async () => {
    const database = await freshDatabase();
    const db = connect({ ...database.params, host: "127.0.0.1", port }, LIMITS);
    try {
      const started = Date.now();
      await expect(db.sql.rows("SELECT 1")).rejects.toThrow(/timeout/);
      await expect(db.transaction((sql) => sql.rows("SELECT 1"))).rejects.toThrow(/timeout/);
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      await db.close();
      await database.drop();
    }
  });
});
