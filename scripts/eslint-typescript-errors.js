// TypeScript's own errors reported through ESLint, so one type-check serves both.
//
// The type-aware lint already builds the whole program and checks much of it lazily; a
// separate `tsc` afterwards built and checked it all again (25 s of a 2-core budget).
// This rule asks that same program for each linted file's syntactic and semantic
// diagnostics, which is exactly what `tsc --noEmit` reports for it.
// `npm run typecheck` still runs tsc alone, for editors and for a second opinion.

function messageOf(diagnostic) {
  const text = diagnostic.messageText;
  if (typeof text === 'string') return text;
  // A chain: the head says what is wrong, the rest why; tsc prints them indented.
  const lines = [];
  const walk = (chain, depth) => {
    lines.push(`${'  '.repeat(depth)}${chain.messageText}`);
    for (const next of chain.next ?? []) walk(next, depth + 1);
  };
  walk(text, 0);
  return lines.join('\n');
}

const typescriptErrors = {
  meta: {
    type: 'problem',
    docs: { description: 'Reports the TypeScript compiler errors of the linted file' },
    schema: [],
  },
  create(context) {
    const services = context.sourceCode.parserServices;
    const program = services?.program;
    if (!program) return {};
    return {
      Program(node) {
        const sourceFile = services.esTreeNodeToTSNodeMap.get(node);
        const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
        for (const diagnostic of diagnostics) {
          // typescript-eslint builds its program with noUnusedLocals and noUnusedParameters
          // on; tsconfig.json leaves them off (no-unused-vars is the rule for that).
          if (diagnostic.reportsUnnecessary) continue;
          const start = sourceFile.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
          const end = sourceFile.getLineAndCharacterOfPosition((diagnostic.start ?? 0) + (diagnostic.length ?? 0));
          context.report({
            loc: { start: { line: start.line + 1, column: start.character }, end: { line: end.line + 1, column: end.character } },
            message: `TS${diagnostic.code}: ${messageOf(diagnostic)}`,
          });
        }
      },
    };
  },
};

export default { meta: { name: 'masthead-typescript' }, rules: { 'typescript-errors': typescriptErrors } };
