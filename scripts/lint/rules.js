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

/**
 * One way to handle a form's `intent` (README, "Architecture"): a route action reads it through
 * readIntentForm (app/.server/platform/errors.ts), which gives a typed union and answers an
 * unknown intent with a 400. Flags the other ways: `.intent` on what readForm or
 * request.formData() gave, `formData.get("intent")` in a loader or action, and an `intent` field
 * in a zod schema (z.object({ intent }) or z.discriminatedUnion("intent", ...)).
 */
const oneIntentReader = {
  meta: {
    type: "problem",
    schema: [],
    messages: {
      read: "Read a form's intent with readIntentForm(request, { intent: schema, ... }) (app/.server/platform/errors.ts), not `{{text}}`: it types each intent and answers an unknown one with a 400.",
      schema: "A form's intent is not a schema field: give readIntentForm one schema per intent instead of `{{text}}`.",
    },
  },
  create(context) {
    const source = context.sourceCode;
    const isIntent = (node) => (node.type === "Identifier" && node.name === "intent") || (node.type === "Literal" && node.value === "intent");
    /** An expression that is the raw form: readForm(...) or request.formData(), awaited or not. */
    function isRawForm(node) {
      if (!node) return false;
      if (node.type === "AwaitExpression") return isRawForm(node.argument);
      if (node.type !== "CallExpression") return false;
      const callee = node.callee;
      if (callee.type === "Identifier") return callee.name === "readForm" || callee.name === "readFormData";
      return callee.type === "MemberExpression" && !callee.computed && callee.property.name === "formData";
    }
    function boundToRawForm(identifier) {
      let scope = source.getScope(identifier);
      while (scope) {
        const variable = scope.set.get(identifier.name);
        if (variable) return variable.defs.some((def) => def.type === "Variable" && isRawForm(def.node.init));
        scope = scope.upper;
      }
      return false;
    }
    function insideLoaderOrAction(node) {
      for (let at = node.parent; at; at = at.parent) {
        if (at.type === "FunctionDeclaration" && (at.id?.name === "action" || at.id?.name === "loader")) return true;
      }
      return false;
    }
    const report = (node, messageId) => context.report({ node, messageId, data: { text: source.getText(node).slice(0, 80) } });
    return {
      MemberExpression(node) {
        const property = node.computed ? node.property : node.property.type === "Identifier" ? node.property : null;
        if (!property || !isIntent(property)) return;
        if (isRawForm(node.object) || (node.object.type === "Identifier" && boundToRawForm(node.object))) report(node, "read");
      },
      VariableDeclarator(node) {
        if (node.id.type === "ObjectPattern" && isRawForm(node.init) && node.id.properties.some((p) => p.type === "Property" && isIntent(p.key))) report(node, "read");
      },
      CallExpression(node) {
        const callee = node.callee;
        const name = callee.type === "MemberExpression" && !callee.computed ? callee.property.name : callee.type === "Identifier" ? callee.name : null;
        const [first] = node.arguments;
        if (name === "get" && first && isIntent(first) && insideLoaderOrAction(node)) report(node, "read");
        if (name === "discriminatedUnion" && first && isIntent(first)) report(node, "schema");
        if ((name === "object" || name === "extend") && first?.type === "ObjectExpression" && first.properties.some((p) => p.type === "Property" && isIntent(p.key))) report(node, "schema");
      },
    };
  },
};

export default { meta: { name: "pitchgrid" }, rules: { "no-secret-compare": noSecretCompare, "domain-boundaries": domainBoundaries, "one-intent-reader": oneIntentReader } };
