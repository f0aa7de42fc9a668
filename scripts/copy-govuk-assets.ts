// Copies GOV.UK Frontend's fonts and images into public/assets, where its CSS expects them
// (/assets/fonts/..., /assets/images/...), and the favicon to /favicon.ico, where browsers and
// print views ask for it. Run by `npm run build`; the copies are not committed.
import { copyFile, cp, mkdir } from "node:fs/promises";
import path from "node:path";

const source = path.resolve("node_modules/govuk-frontend/dist/govuk/assets");
const target = path.resolve("public/assets");
await mkdir(target, { recursive: true });
await cp(source, target, { recursive: true });
await copyFile(path.join(source, "images/favicon.ico"), path.resolve("public/favicon.ico"));
console.log("GOV.UK Frontend assets copied to public/assets");
