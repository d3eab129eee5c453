// GET /api/v1/ping — a bare handler returning {}: the baseline bench/api-token.ts compares the token endpoint with.
export function GET(): Response {
  return Response.json({});
}
