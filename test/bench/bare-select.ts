import { createServer } from "node:http";
import { announce, sessionLookup } from "./session-lookup.js";

/**
 * Baseline for session verify: node:http, the JSON body read and parsed, one indexed SELECT
 * for the two USTs, a JSON answer. No framework, no audit record.
 */
const lookup = sessionLookup();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const answer = async () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { current_ust: string; target_ust: string };
      const found = await lookup.find([body.current_ust, body.target_ust]);
      const current = found.get(lookup.hash(body.current_ust));
      const target = found.get(lookup.hash(body.target_ust));
      return current?.is_super_user ? { status: "ok", is_valid: target !== undefined } : { status: "error" };
    };
    answer().then(
      (body) => {
        const payload = JSON.stringify(body);
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(payload) });
        res.end(payload);
      },
      (e: unknown) => {
        res.writeHead(500).end(String(e));
      },
    );
  });
});

server.listen(Number(process.env.PORT), "127.0.0.1", () => announce(server, () => lookup.close()));
