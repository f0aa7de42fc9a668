import QRCode from "qrcode";

/**
 * A QR image of a link (the standby join link for the door), drawn on the server as SVG and
 * given as a data: URL for an <img> (the CSP allows data: images; no inline markup or script).
 * Pages always show the link as text beside it.
 */
export async function qrCodeDataUrl(link: string): Promise<string> {
  const svg = await QRCode.toString(link, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}
