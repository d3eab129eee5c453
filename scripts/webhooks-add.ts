// npm run webhooks:add -- --url URL [--events a,b] [--description text] — add an outgoing webhook
// endpoint; the signing secret (whsec_…) is printed once, as the last line.
import { parseArgs } from "node:util";
import { EndpointRefused } from "@/lib/webhooks/address-policy";
import { addEndpoint } from "@/lib/webhooks/endpoints";
import { withDatabase } from "./lib/with-database";

const { values } = parseArgs({
  options: { url: { type: "string" }, events: { type: "string" }, description: { type: "string" } },
});
if (!values.url) {
  console.error(
    "usage: npm run webhooks:add -- --url URL [--events connection.created,connection.revoked] [--description text]",
  );
  process.exit(1);
}
const events = values.events
  ? values.events
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean)
  : [];

await withDatabase(async () => {
  try {
    const { id, secret } = await addEndpoint(
      { url: values.url!, events: events as never, description: values.description },
      { label: "npm run webhooks:add" },
    );
    console.log(`Endpoint ${id} added for ${events.length ? events.join(", ") : "all events"}. Signing secret:`);
    console.log(secret);
  } catch (error) {
    if (!(error instanceof EndpointRefused)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
});
