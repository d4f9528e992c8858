import autocannon from "autocannon";

// A wrong-password flood from one client address, run beside the measurement so that the
// measuring process is not the one busy sending it. Prints its answers by status, as JSON.

const { BENCH_URL, BENCH_BODY, BENCH_FROM, BENCH_CONNECTIONS, BENCH_SECONDS } = process.env;
const result = await autocannon({
  url: BENCH_URL as string,
  method: "POST",
  headers: { "content-type": "application/json", "x-forwarded-for": BENCH_FROM as string },
  body: BENCH_BODY,
  connections: Number(BENCH_CONNECTIONS),
  duration: Number(BENCH_SECONDS),
  timeout: 30,
});
const statuses = Object.fromEntries(
  Object.entries(result.statusCodeStats ?? {}).map(([status, stats]) => [status, (stats as { count: number }).count]),
);
process.stdout.write(`${JSON.stringify({ total: result.requests.total, rps: result.requests.average, statuses })}\n`);
