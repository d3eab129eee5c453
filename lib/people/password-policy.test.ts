import { describe, expect, it } from "vitest";
import { checkPassword } from "./password-policy";

describe("checkPassword", () => {
  it("refuses passwords from the shipped list of common and breached passwords, even long ones", () => {
    expect(checkPassword("password1234")).toMatchObject({ ok: false, problem: "common" });
    expect(checkPassword("qwertyuiop")).toMatchObject({ ok: false });
    expect(checkPassword("1234567890")).toMatchObject({ ok: false });
  });
  it("refuses short and weak ones, and those built on the user's own email", () => {
    expect(checkPassword("Xk3#v")).toMatchObject({ ok: false, problem: "too_short" });
    expect(checkPassword("aaaaaaaaaaaa")).toMatchObject({ ok: false });
    expect(checkPassword("newadminacme", ["new-admin@acme.test"])).toMatchObject({ ok: false });
  });
  it("accepts a long random-looking passphrase", () => {
    expect(checkPassword("violet-harbour-tractor-92")).toMatchObject({ ok: true });
    expect(checkPassword("portal-demo-2026")).toMatchObject({ ok: true });
  });
});
