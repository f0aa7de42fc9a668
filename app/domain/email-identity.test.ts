import { describe, expect, it } from "vitest";
import { emailKey } from "./email-identity";

describe("emailKey", () => {
  it("removes a plus-tag from the local part and lower-cases the address", () => {
    expect(emailKey("Someone+2@Council.gov.uk")).toBe("someone@council.gov.uk");
    expect(emailKey("someone+lottery+again@council.gov.uk")).toBe("someone@council.gov.uk");
    expect(emailKey(" someone@council.gov.uk ")).toBe("someone@council.gov.uk");
  });
  it("leaves addresses without a plus-tag in the local part alone", () => {
    expect(emailKey("first.last@council.gov.uk")).toBe("first.last@council.gov.uk");
    // A "+" that starts the local part is not a tag; nor is one after the "@".
    expect(emailKey("+x@council.gov.uk")).toBe("+x@council.gov.uk");
    expect(emailKey("a@b+c.gov.uk")).toBe("a@b+c.gov.uk");
  });
});
