/** The connection cannot be used until the customer reconnects it (revoked, or its grant is gone). */
export class ConnectionUnusable extends Error {
  override name = "ConnectionUnusable";
}
