/**
 * Pitchgrid's own ESLint rules (plugin "pitchgrid" in eslint.config.js), for checks that
 * no-restricted-syntax cannot express. Tested in tests/integration/lint-rules.test.ts.
 */

const SECRET = /token|hash|secret|nonce|signature/i;

/** A value that reveals nothing through timing: a literal, undefined, or a digest made by hashToken(). */
function isPlain(node, text) {
  if (node.type === "Literal") return true;
  if (node.type === "Identifier" && node.name === "undefined") return true;
  if (node.type === "TemplateLiteral" && node.expressions.length === 0) return true;
  if (node.type === "UnaryExpression" && node.operator === "-" && node.argument.type === "Literal") return true;
  return /\bhashToken\(/.test(text);
}

/** An operand that holds a token, hash, secret, nonce or signature (not its length or type). */
function isSecret(node, text) {
  if (node.type === "UnaryExpression" && node.operator === "typeof") return false;
  if (node.type === "MemberExpression" && !node.computed && node.property.name === "length") return false;
  return SECRET.test(text);
}

const noSecretCompare = {
  meta: {
    type: "problem",
    docs: { description: "Secrets are compared with safeEqual (constant time) or looked up by their SHA-256 digest, never with == or ===" },
    messages: { compare: "Compare secrets with safeEqual() from app/.server/platform/tokens.ts, or look them up by hashToken(): `{{left}} {{operator}} {{right}}` takes time that depends on the secret." },
    schema: [],
  },
  create(context) {
    const source = context.sourceCode;
    return {
      BinaryExpression(node) {
        if (!["==", "===", "!=", "!=="].includes(node.operator)) return;
        const [left, right] = [node.left, node.right].map((side) => source.getText(side));
        if (isPlain(node.left, left) || isPlain(node.right, right)) return;
        if (isSecret(node.left, left) || isSecret(node.right, right)) {
          context.report({ node, messageId: "compare", data: { left, operator: node.operator, right } });
        }
      },
    };
  },
};


/**
 * The layout's two rules (README, "Architecture"): code outside a domain folder of app/.server
 * imports that domain through its index (what it offers), never one of its files; and
 * app/domain/, which the browser bundle also loads, imports nothing server-only.
 */
const domainBoundaries = {
  meta: {
    type: "problem",
    schema: [],
    messages: {
      internals: "Import `{{domain}}` through its index ('{{index}}'), not its file '{{file}}': a domain's files are its own business.",
      serverOnly: "app/domain/ is loaded in the browser too: it cannot import '{{source}}'.",
    },
  },
  create(context) {
    const filename = context.filename.replaceAll("\\", "/");
    const appAt = filename.lastIndexOf("/app/");
    const root = appAt >= 0 ? filename.slice(0, appAt) : context.cwd.replaceAll("\\", "/");
    const fromFolder = filename.slice(0, filename.lastIndexOf("/"));
    const inDomainFolder = filename.startsWith(`${root}/app/domain/`);
    function resolve(source) {
      if (source.startsWith("~/")) return `${root}/app/${source.slice(2)}`;
      if (!source.startsWith(".")) return null;
      const parts = `${fromFolder}/${source}`.split("/");
      const out = [];
      for (const part of parts) {
        if (part === "..") out.pop();
        else if (part !== ".") out.push(part);
      }
      return out.join("/");
    }
    function check(node, source) {
      if (typeof source !== "string") return;
      if (inDomainFolder && (source.startsWith("node:") || source.includes(".server"))) {
        context.report({ node, messageId: "serverOnly", data: { source } });
        return;
      }
      const target = resolve(source);
      const serverRoot = `${root}/app/.server/`;
      if (!target?.startsWith(serverRoot)) return;
      const [domain, file] = target.slice(serverRoot.length).split("/");
      if (!file || file === "index" || file.endsWith(".json")) return;
      if (filename.startsWith(`${serverRoot}${domain}/`)) return;
      context.report({ node, messageId: "internals", data: { domain, file, index: source.startsWith("~/") ? `~/.server/${domain}` : source.slice(0, source.lastIndexOf("/")) } });
    }
    return {
      // A type-only import is erased before the browser sees it.
      ImportDeclaration: (node) => (node.importKind === "type" && inDomainFolder ? undefined : check(node, node.source.value)),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === "Literal" && check(node, node.source.value),
    };
  },
};

export default { meta: { name: "pitchgrid" }, rules: { "no-secret-compare": noSecretCompare, "domain-boundaries": domainBoundaries } };
