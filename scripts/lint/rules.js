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

export default { meta: { name: "pitchgrid" }, rules: { "no-secret-compare": noSecretCompare } };
