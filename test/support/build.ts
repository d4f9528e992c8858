import { buildIfStale } from "../../bin/build.mjs";

/** The tests that start the gateway or the CLI as processes run the compiled build, as `npm start` does. */
export default function setup() {
  buildIfStale();
}
