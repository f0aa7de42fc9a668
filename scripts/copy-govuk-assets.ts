// Copies GOV.UK Frontend's fonts and images into public/assets, where its CSS expects them
// (/assets/fonts/..., /assets/images/...). Run by `npm run build`; the copies are not committed.
import { cp, mkdir } from "node:fs/promises";
import path from "node:path";

const source = path.resolve("node_modules/govuk-frontend/dist/govuk/assets");
const target = path.resolve("public/assets");
await mkdir(target, { recursive: true });
await cp(source, target, { recursive: true });
console.log("GOV.UK Frontend assets copied to public/assets");
