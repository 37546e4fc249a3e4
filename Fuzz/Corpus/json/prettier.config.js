// prettier.config.js
module.exports = {
  semi: false,
  singleQuote: true,
  printWidth: 100,
  trailingComma: "es5",
  overrides: [{ files: "*.md", options: { proseWrap: "always" } }],
};
