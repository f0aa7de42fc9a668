import QRCode from "qrcode";

/**
 * A QR image of a link, as an SVG data URL for an <img> (the CSP allows data: images, and an
 * <img> carries alt text). Always shown with the link as text beside it.
 */
export async function qrCodeDataUrl(link: string): Promise<string> {
  const svg = await QRCode.toString(link, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}
