// npm run api:client — regenerate examples/partner-api-client/schema.d.ts from the OpenAPI document.
import { writeFileSync } from "node:fs";
import { renderApiClientTypes, API_CLIENT_TYPES_PATH } from "@/examples/partner-api-client/generate";

writeFileSync(API_CLIENT_TYPES_PATH, await renderApiClientTypes());
console.log(`Wrote ${API_CLIENT_TYPES_PATH}`);
