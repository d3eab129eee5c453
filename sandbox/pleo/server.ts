import { commonControlRoutes } from "../core/control";
import type { Route } from "../core/router";
import { Runtime } from "../core/runtime";
import { startProviderServer, type ProviderServer } from "../core/server";
import type { SandboxConfig } from "../options";
import { apiRoutes } from "./api";
import { authorizeRoutes } from "./authorize";
import { pleoControlRoutes } from "./control";
import { introspectRoute } from "./introspect";
import { PleoState } from "./state";
import { tokenRoute } from "./token";

/** The Pleo emulator: one origin serving both the auth host and the API host. */
export async function startPleo(config: SandboxConfig): Promise<ProviderServer> {
  const runtime = new Runtime();
  const state = new PleoState(config.pleoAccessTtlSec);
  const provider: Route[] = [
    ...authorizeRoutes(config, runtime, state),
    tokenRoute(config, runtime, state),
    introspectRoute(config, runtime, state),
    ...apiRoutes(runtime, state),
  ];
  const names = provider.flatMap((r) => (r.name ? [r.name] : []));
  const routes = [
    ...provider,
    ...commonControlRoutes(runtime, names, () => state.reset()),
    ...pleoControlRoutes(config, runtime, state),
  ];
  return startProviderServer({ label: "pleo", port: config.pleoPort, runtime, routes, log: config.log });
}
