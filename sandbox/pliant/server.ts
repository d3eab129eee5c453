import { commonControlRoutes } from "../core/control";
import { json } from "../core/reply";
import type { Route } from "../core/router";
import { Runtime } from "../core/runtime";
import { startProviderServer, type ProviderServer } from "../core/server";
import type { SandboxConfig } from "../options";
import { apiRoutes } from "./api";
import { pliantControlRoutes } from "./control";
import { CallbackSubscription } from "./callbacks";
import { createSigningKey } from "./signing";
import { PliantState } from "./state";
import { tokenRoute } from "./token";
import { webappRoutes } from "./webapp";

/** The Pliant emulator: token endpoint, partner API, JWKS and the integrations web page. */
export async function startPliant(config: SandboxConfig): Promise<ProviderServer> {
  const runtime = new Runtime();
  const state = new PliantState();
  const key = createSigningKey();
  const subscription = new CallbackSubscription();
  const provider: Route[] = [
    tokenRoute(config, runtime, state),
    {
      method: "GET",
      path: "/api/partner-management/signing/jwks.json",
      name: "pliant.jwks",
      handle: () => json(200, { keys: [key.publicJwk] }, { "cache-control": "public, max-age=300" }),
    },
    ...apiRoutes(runtime, state, { subscription, key }),
    ...webappRoutes(config, runtime, state, key, subscription),
  ];
  const names = provider.flatMap((r) => (r.name ? [r.name] : []));
  const routes = [
    ...provider,
    // The signing key survives reset: the portal may have cached the JWKS.
    ...commonControlRoutes(runtime, names, () => state.reset()),
    ...pliantControlRoutes(config, runtime, state, key, subscription),
  ];
  return startProviderServer({ label: "pliant", port: config.pliantPort, runtime, routes, log: config.log });
}
