// npm run pliant:subscribe — subscribe this portal's /api/pliant/callbacks (APP_URL) to Pliant's
// authorization callbacks, through Pliant's subscription API.
import { subscribePliantCallbacks } from "@/lib/connections/pliant/subscribe";
import { withDatabase } from "./lib/with-database";

await withDatabase(async () => {
  const result = await subscribePliantCallbacks({ label: "npm run pliant:subscribe" });
  if (result.ok) console.log(`Subscribed ${result.url} at Pliant.`);
  else {
    console.error(`Pliant refused the subscription (HTTP ${result.status}).`);
    process.exitCode = 1;
  }
});
