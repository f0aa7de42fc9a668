import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { env } from "../platform";
import { makeEvent } from "../../../tests/support/factories";
import { organiserCookie } from "../../../tests/support/sessions";
import { call } from "../../../tests/support/route-call";
import * as standbyPage from "../../routes/organise.$slug.standby";
import * as posterPage from "../../routes/organise.$slug.standby_.poster";

const BASE = "http://pitchgrid.test";
const svgOf = (dataUrl: string) => Buffer.from(dataUrl.replace(/^data:image\/svg\+xml;base64,/, ""), "base64").toString("utf8");

describe("the standby join link as a QR image for the door", () => {
  it("shows the QR of the door link, with the link as text, on the organiser page and a printable poster", async () => {
    const organiser = "qr-organiser@council.test";
    const { event } = await makeEvent({ organiser });
    const cookie = await organiserCookie(organiser);
    const params = { slug: event.slug };
    const link = `${env().PUBLIC_URL}/events/${event.slug}/standby`;
    const expected = await QRCode.toString(link, { type: "svg", margin: 2, errorCorrectionLevel: "M" });

    const page = await call(() => standbyPage.loader({ request: new Request(`${BASE}/organise/${event.slug}/standby`, { headers: { cookie } }), params, context: {} }));
    expect(page.data!.doorLink).toBe(link);
    expect(page.data!.doorQr).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(svgOf(page.data!.doorQr as string)).toBe(expected);

    const poster = (await posterPage.loader({ request: new Request(`${BASE}/organise/${event.slug}/standby/poster`, { headers: { cookie } }), params, context: {} })) as Response;
    expect(poster.status).toBe(200);
    expect(poster.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(poster.headers.get("content-security-policy")).toMatch(/style-src 'self' 'sha256-/);
    const html = await poster.text();
    expect(html).toMatch(/^<!DOCTYPE html><html lang="en-GB">/);
    expect(html).toContain(`<p class="link">${link}</p>`);
    const src = /<img src="([^"]+)" alt="QR code of the link below"/.exec(html)![1];
    expect(svgOf(src)).toBe(expected);
    expect(html).toContain("Joining opens on the day");

    const stranger = await organiserCookie("not-the-organiser@council.test");
    const refused = await call(() => posterPage.loader({ request: new Request(`${BASE}/organise/${event.slug}/standby/poster`, { headers: { cookie: stranger } }), params, context: {} }));
    expect(refused.status).toBe(403);
  });
});
