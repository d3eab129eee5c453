// /api/auth/* — Auth.js endpoints (session, CSRF, OIDC callbacks).
import { handlers } from "@/lib/auth/config";

export const { GET, POST } = handlers;
