// ESLint (flat config). `npm run lint` runs it, then knip; `npm test` runs both before vitest.
// Type-aware rules are not on: they need the whole program typed per file and would triple the time.
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";
import pitchgrid from "./scripts/lint/rules.js";

const TESTS = ["**/*.test.ts", "**/*.test.tsx", "tests/**"];

/*
 * Rules that were tests reading the source (each says which test it replaces). They stay in
 * no-restricted-syntax, whose selectors are AST queries: a later block's options replace an
 * earlier one's for the same file, so each block below repeats the selectors of the wider ones.
 */
const randomBytesLiteral = [
  // Was tokens.test.ts "every randomBytes call": a literal number of bytes, at least 16 (128 bits).
  {
    selector: "CallExpression:matches([callee.name='randomBytes'], [callee.property.name='randomBytes'], [callee.name='randomString']):not([arguments.0.type='Literal'])",
    message: "randomBytes() and randomString() take a literal number of bytes (at least 16), so a reader can see how strong the value is.",
  },
  {
    selector: "CallExpression:matches([callee.name='randomBytes'], [callee.property.name='randomBytes'], [callee.name='randomString'])[arguments.0.value<16]",
    message: "randomBytes() or randomString() below 16 bytes (128 bits) is too weak for a token, nonce or seed.",
  },
];
const noHandWrittenTransactions = [
  // Was portability.test.ts: the same code runs against a libSQL server (sqld/Turso), where a
  // transaction opened in SQL is not tied to one connection. "BEGIN:VEVENT" is iCalendar: (?!:).
  {
    selector: "Literal[value=/^\\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\\b(?!:)/i], TemplateElement[value.raw=/^\\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\\b(?!:)/i]",
    message: "Open transactions through the client (writeTransaction in db.ts), not in SQL: a libSQL server does not tie a hand-written BEGIN to one connection.",
  },
];
const noPragmas = [
  // Was portability.test.ts: PRAGMAs are file-only; db.ts opens files, backup.ts checks its copy.
  {
    selector: "Literal[value=/PRAGMA/i], TemplateElement[value.raw=/PRAGMA/i]",
    message: "PRAGMAs work on a local file only: keep them in db.ts (which opens files) and backup.ts, out of the query path.",
  },
];
const noStyleAttribute = [
  // The Content-Security-Policy allows no inline style (app/.server/platform/security.ts): a style="" would be
  // dropped by the browser. http-security.test.ts checks five rendered pages; this checks every component.
  {
    selector: "JSXAttribute[name.name='style']",
    message: "No style attribute: the Content-Security-Policy (style-src 'self') blocks inline styles. Use a class in app/styles.",
  },
];
const noStyleElement = [
  {
    selector: "JSXOpeningElement[name.name='style']",
    message: "No <style> element: the Content-Security-Policy blocks it unless the response names its hash, as the print poster does.",
  },
];

export default tseslint.config(
  // Built output (build/, and build-*/ when PITCHGRID_BUILD_DIR names one), assets, data.
  { ignores: ["build/**", "build-*/**", "tmp/**", "public/**", "db/**", ".cache/**", "node_modules/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Unused arguments kept for a signature (Remix's handleRequest, callbacks) start with "_".
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // Deliberate: input sanitising strips C0 controls and bidi overrides (forms.ts, pitch-rules.ts,
      // calendar.ts, invitations.ts) and tests look for them, so regexes name control characters.
      "no-control-regex": "off",
    },
  },
  {
    files: ["app/**/*.tsx"],
    ...jsxA11y.flatConfigs.recommended,
    rules: {
      ...jsxA11y.flatConfigs.recommended.rules,
      // A scrolling table wrapper is role="region" with tabIndex={0} so keyboard users can scroll it
      // (axe's scrollable-region-focusable, which the journey tests run).
      "jsx-a11y/no-noninteractive-tabindex": ["error", { tags: [], roles: ["tabpanel", "region"], allowExpressionValues: true }],
    },
  },
  {
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Was tokens.test.ts: the app's randomness comes from crypto.randomBytes only.
    files: ["app/**/*.{ts,tsx}"],
    ignores: TESTS,
    plugins: { pitchgrid },
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "Math", property: "random", message: "Use randomBytes() from node:crypto (or a seeded generator passed in): Math.random is predictable." },
        { property: "randomInt", message: "Use randomBytes() with a literal size, which the lint rules check." },
        { object: "Intl", property: "DateTimeFormat", message: "Format dates with app/domain/time.ts, which builds each Intl.DateTimeFormat once and keeps it (building one costs far more than using it)." },
      ],
      "no-restricted-imports": [
        "error",
        { paths: ["crypto", "node:crypto"].map((name) => ({ name, importNames: ["randomInt"], message: "Use randomBytes() with a literal size, which the lint rules check." })) },
      ],
      // Was tokens.test.ts "never compares a secret with === or !==" (a line scanner; this is the AST).
      "pitchgrid/no-secret-compare": "error",
    },
  },
  // Domain folders are entered through their index; app/domain stays browser-safe (scripts/lint/rules.js).
  { files: ["app/**/*.{ts,tsx}", "scripts/**/*.ts", "tests/**/*.ts"], plugins: { pitchgrid }, rules: { "pitchgrid/domain-boundaries": "error" } },
  // One way to handle a form's intent: readIntentForm (scripts/lint/rules.js).
  { files: ["app/routes/**/*.{ts,tsx}"], ignores: TESTS, plugins: { pitchgrid }, rules: { "pitchgrid/one-intent-reader": "error" } },
  { files: ["app/**/*.{ts,tsx}", "scripts/**/*.ts"], ignores: TESTS, rules: { "no-restricted-syntax": ["error", ...randomBytesLiteral] } },
  { files: ["app/**/*.tsx"], ignores: TESTS, rules: { "no-restricted-syntax": ["error", ...randomBytesLiteral, ...noStyleAttribute, ...noStyleElement] } },
  {
    // The print posters, venue display, door sheets and badge sheets are whole pages of their own
    // whose <style> the response allows by its hash.
    files: ["app/routes/events.$slug.schedule.print.tsx", "app/routes/organise.$slug.standby_.poster.tsx", "app/routes/events.$slug.display.tsx", "app/routes/events.$slug.rooms.$roomId.door.tsx", "app/routes/organise.$slug.badges_.print.tsx"],
    rules: { "no-restricted-syntax": ["error", ...randomBytesLiteral, ...noStyleAttribute] },
  },
  { files: ["app/.server/**/*.ts"], ignores: TESTS, rules: { "no-restricted-syntax": ["error", ...randomBytesLiteral, ...noHandWrittenTransactions] } },
  {
    files: ["app/.server/**/*.ts"],
    ignores: [...TESTS, "app/.server/platform/db.ts", "app/.server/platform/backup.ts"],
    rules: { "no-restricted-syntax": ["error", ...randomBytesLiteral, ...noHandWrittenTransactions, ...noPragmas] },
  },
);
